import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { randomUUID } from "node:crypto";
import type { ReactNode } from "react";
import { z } from "zod";
import { AppealHistory } from "~/components/appeal-history";
import { Field, FormMessage } from "~/components/field";
import { STATUS_LABEL } from "~/domain/appeal";
import { addDays, formatDateZh, formatInstantZh, localDateOf } from "~/domain/calendar";
import { formatFileSize } from "~/domain/file-size";
import { ASSIGNMENT_ROLE_LABEL, assignmentStateLabel, REPLY_KIND_LABEL } from "~/domain/labels";
import { CLOCK_LABEL, CLOCK_STATE_LABEL, clockState, formatDurationZh, type ClockState } from "~/domain/clocks";
import { appealContactPhone, appealHandlersOf } from "~/domain/personal-data";
import { appealEvents, attachmentsOf } from "~/models/appeal.server";
import { handlingOf } from "~/models/handling.server";
import { activeOrganisationsOfKind, appealForOffice, appealIdsByTrackingNumber } from "~/models/screening.server";
import { ErrorPage } from "~/root";
import {
  acceptAssignment,
  countyReply,
  disputeAssignment,
  requestEscalation,
  requestExtension,
  submitOpinion,
  type HandlingResult,
  type ReplyAttachment,
} from "~/services/handling.server";
import { appealHistoryItems } from "~/utils/appeal-history";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { parseAppealForm } from "~/utils/uploads.server";
import { INT4_MAX } from "~/utils/params";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `办理诉求 ${data.appeal.trackingNumber} · 直通车` : "办理诉求 · 直通车" },
];

const NOT_FOUND = "没有找到该诉求,请核对受理编号。";

// ——— Forms: one schema per action, shared by the server and the browser ———

const assignmentId = z.number({ error: "表单已失效,请刷新页面" }).int().positive().max(INT4_MAX);
const submissionKey = z.string({ error: "表单已失效,请刷新页面后重新提交" }).uuid("表单已失效,请刷新页面后重新提交");
const longText = (missing: string, min: number, max: number) =>
  z.string({ error: missing }).trim().min(min, `${missing}(至少${min}个字)`).max(max, `不超过${max}字`);

const acceptSchema = z.object({ intent: z.literal("accept"), assignmentId });
const disputeSchema = z
  .object({
    intent: z.literal("dispute"),
    assignmentId,
    reason: longText("请写明异议理由", 4, 1000),
    proposedOwnerId: z.number().int().positive().max(INT4_MAX).optional(),
    proposedOwnerText: z.string().trim().max(100, "不超过100字").optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.proposedOwnerId && !v.proposedOwnerText)
      ctx.addIssue({ code: "custom", path: ["proposedOwnerId"], message: "请选择或填写建议的承办单位" });
  });
const opinionSchema = z.object({
  intent: z.literal("opinion"),
  assignmentId,
  body: longText("请填写意见", 10, 5000),
  submissionKey,
});
const extensionSchema = z.object({
  intent: z.literal("extension"),
  assignmentId,
  reason: longText("请写明申请延期的理由", 4, 1000),
  requestedDueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "请选择日期")
    .optional(),
});
const countyReplySchema = z.object({
  intent: z.literal("county_reply"),
  assignmentId,
  body: longText("请填写答复内容", 10, 5000),
  submissionKey,
});
const escalateSchema = z.object({
  intent: z.literal("escalate"),
  assignmentId,
  opinion: longText("请填写县区意见,说明需要市级协调的原因", 10, 5000),
  submissionKey,
});
const handlingActionSchema = z.discriminatedUnion("intent", [
  acceptSchema,
  disputeSchema,
  opinionSchema,
  extensionSchema,
  countyReplySchema,
  escalateSchema,
]);
type Intent = z.infer<typeof handlingActionSchema>["intent"];

// ——— Words ———

const CLOCK_BADGE: Record<ClockState, string> = {
  ok: "badge--grey",
  due_soon: "badge--warn",
  late: "badge--red",
  done_on_time: "badge--ok",
  done_late: "badge--red",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["department", "county"]);
  const db = getDb();
  const a = await appealForOffice(db, String(params.trackingNumber ?? ""));
  invariantResponse(a, NOT_FOUND, 404);
  const handling = await handlingOf(db, a.id);
  const own = handling.assignments.filter((s) => s.organisationId === user.organisationId);
  // Only an organisation the appeal was assigned to (at any time) may read it; to others it does not exist.
  invariantResponse(own.length > 0, NOT_FOUND, 404);
  const mayDispute = own.some((s) => s.role !== "county" && s.state === "assigned");
  const [events, attachments, departments, counties] = await Promise.all([
    appealEvents(db, a.id),
    attachmentsOf(db, a.id),
    mayDispute ? activeOrganisationsOfKind(db, "department") : Promise.resolve([]),
    mayDispute ? activeOrganisationsOfKind(db, "county") : Promise.resolve([]),
  ]);
  const at = now();

  const mine = own
    // The current assignment first, then ended ones, newest first.
    .sort((x, y) => Number(x.state === "ended") - Number(y.state === "ended") || y.id - x.id)
    .map((s) => {
      const clocks = handling.clocks.filter((c) => c.assignmentId === s.id);
      const open = clocks.find((c) => !c.finishedAt);
      const extensions = handling.extensions.filter((x) => clocks.some((c) => c.id === x.clockId));
      const pending = open ? extensions.find((x) => x.clockId === open.id && !x.decision) : undefined;
      const countyMayAct = s.role === "county" && s.state === "assigned" && a.status === "county";
      return {
        id: s.id,
        role: s.role,
        roleLabel: ASSIGNMENT_ROLE_LABEL[s.role],
        state: s.state,
        stateLabel: assignmentStateLabel(s.role, s.state, a.status),
        assigned: formatInstantZh(s.assignedAt),
        accepted: s.acceptedAt ? formatInstantZh(s.acceptedAt) : null,
        disputed: s.disputedAt ? formatInstantZh(s.disputedAt) : null,
        disputeReason: s.disputeReason,
        proposedOwner: s.proposedOwnerName ?? s.proposedOwnerText,
        ended: s.endedAt ? formatInstantZh(s.endedAt) : null,
        endedReason: s.endedReason,
        clocks: clocks.map((c) => {
          const state = clockState(c, at);
          const outcome =
            c.finish === "stopped"
              ? "已停止(交办结束)"
              : c.finishedAt
                ? c.onTime
                  ? null
                  : `逾期 ${formatDurationZh(Number(c.lateMs ?? 0))}`
                : null;
          return {
            id: c.id,
            label: CLOCK_LABEL[c.kind],
            started: formatInstantZh(c.startedAt),
            due: formatInstantZh(c.dueAt),
            originalDue: c.originalDueAt.getTime() !== c.dueAt.getTime() ? formatInstantZh(c.originalDueAt) : null,
            finished: c.finishedAt
              ? `${formatInstantZh(c.finishedAt)}${c.finish === "disputed" ? "(提出异议)" : ""}`
              : null,
            outcome,
            state: c.finish === "stopped" ? null : state,
            stateLabel:
              c.finish === "stopped"
                ? "已停止"
                : state === "late"
                  ? `${CLOCK_STATE_LABEL.late} ${formatDurationZh(at.getTime() - c.dueAt.getTime())}`
                  : CLOCK_STATE_LABEL[state],
          };
        }),
        extensions: extensions.map((x) => ({
          id: x.id,
          clock: CLOCK_LABEL[x.clockKind],
          reason: x.reason,
          requestedDueDate: x.requestedDueDate ? formatDateZh(x.requestedDueDate) : null,
          requested: formatInstantZh(x.requestedAt),
          decision: x.decision,
          decisionNote: x.decisionNote,
          newDue: x.newDueAt ? formatInstantZh(x.newDueAt) : null,
          decided: x.decidedAt ? formatInstantZh(x.decidedAt) : null,
        })),
        extension:
          open && (s.state === "assigned" || s.state === "accepted")
            ? {
                clock: CLOCK_LABEL[open.kind],
                due: formatInstantZh(open.dueAt),
                // The first day a new limit can fall on; the service checks it is a working day.
                earliestDate: addDays(localDateOf(open.dueAt), 1),
                pastDue: at > open.dueAt,
                pending: Boolean(pending),
              }
            : null,
        mayAccept: s.role !== "county" && s.state === "assigned",
        opinionForm: s.role !== "county" && s.state === "accepted" ? s.role : null,
        countyMayAct,
      };
    });

  // For the lead: which co-departments have given their opinion, and which not yet.
  const isLead = own.some((s) => s.role === "lead" && s.state !== "ended");
  const coPending = isLead
    ? handling.assignments
        .filter((s) => s.role === "co" && s.state !== "ended" && s.state !== "done")
        .map((s) => ({
          id: s.id,
          name: s.organisationName,
          state: s.state === "assigned" ? "尚未接收" : s.state === "disputed" ? "提出异议" : "已接收,办理中",
        }))
    : [];
  const coCount = handling.assignments.filter((s) => s.role === "co" && s.state !== "ended").length;

  return {
    appeal: {
      trackingNumber: a.trackingNumber,
      status: a.status,
      statusLabel: STATUS_LABEL[a.status],
      title: a.title,
      content: a.content,
      category: a.categoryName,
      enterpriseName: a.enterpriseName,
      creditCode: a.creditCode,
      contactName: a.contactName,
      // In full to the departments and county handling it now; masked to one whose assignment ended.
      contactPhone: appealContactPhone(user, appealHandlersOf(a, handling.assignments), a.contactPhone),
      received: formatInstantZh(a.receivedAt),
      cycleNumber: a.cycleNumber,
      onsite: formatDateZh(a.cycleOnsiteDate),
      countyName: a.countyName,
    },
    attachments: attachments.map((f) => ({ id: f.id, filename: f.filename, size: formatFileSize(f.size) })),
    replies: handling.replies.map((r) => ({
      id: r.id,
      kind: r.kind,
      label: REPLY_KIND_LABEL[r.kind],
      organisation: r.organisationName,
      author: r.authorName,
      at: formatInstantZh(r.createdAt),
      body: r.body,
      attachments: r.attachments.map((f) => ({ id: f.id, filename: f.filename, size: formatFileSize(f.size) })),
    })),
    others: handling.assignments
      .filter((s) => s.organisationId !== user.organisationId && s.state !== "ended")
      .map((s) => ({ id: s.id, name: s.organisationName, role: ASSIGNMENT_ROLE_LABEL[s.role] })),
    isLead,
    coCount,
    coPending,
    mine,
    owners: {
      departments: departments.filter((d) => d.id !== user.organisationId).map((d) => ({ id: d.id, name: d.name })),
      counties: counties.filter((c) => c.id !== user.organisationId).map((c) => ({ id: c.id, name: c.name })),
    },
    history: appealHistoryItems(events),
    // A key per showing of the page: a double submit or a retry of a reply makes one record.
    submissionKey: randomUUID(),
  };
}

type ActionData = { reply: SubmissionResult<string[]>; ok: string | null; error: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["department", "county"]);
  const db = getDb();
  const a = await appealIdsByTrackingNumber(db, String(params.trackingNumber ?? ""));
  invariantResponse(a, NOT_FOUND, 404);

  // Every form of this page goes through the one bounded reader, with attachments (multipart) or without.
  const parsed = await parseAppealForm(request);
  const formData = parsed.formData ?? new FormData();
  const uploadError = "error" in parsed ? parsed.error : null;
  const attachments: ReplyAttachment[] = "error" in parsed ? [] : parsed.attachments;
  const submission = parseWithZod(formData, { schema: handlingActionSchema });
  const fail = (reply: SubmissionResult<string[]>, error: string, status: number) =>
    Response.json({ reply, ok: null, error } satisfies ActionData, { status });
  if (uploadError)
    return fail(submission.reply({ fieldErrors: { attachments: [uploadError] } }), `附件有误:${uploadError}`, 400);
  if (submission.status !== "success") return fail(submission.reply(), "提交的内容有误,请按提示修改。", 400);
  const v = submission.value;

  // The assignment must be one of this appeal's, and the organisation's own (the service checks that too).
  const handling = await handlingOf(db, a.id);
  invariantResponse(
    handling.assignments.some((s) => s.id === v.assignmentId && s.organisationId === user.organisationId),
    NOT_FOUND,
    404,
  );

  const actor = { id: user.id, organisationId: user.organisationId };
  const at = now();
  const key = (k: string) => `handling:${user.id}:${k}`;
  let out: HandlingResult;
  switch (v.intent) {
    case "accept":
      out = await acceptAssignment(db, { assignmentId: v.assignmentId, actor, now: at });
      break;
    case "dispute":
      out = await disputeAssignment(db, {
        assignmentId: v.assignmentId,
        reason: v.reason,
        proposedOwnerId: v.proposedOwnerId ?? null,
        proposedOwnerText: v.proposedOwnerText ?? null,
        actor,
        now: at,
      });
      break;
    case "opinion":
      out = await submitOpinion(db, {
        assignmentId: v.assignmentId,
        body: v.body,
        attachments,
        submissionKey: key(v.submissionKey),
        actor,
        now: at,
      });
      break;
    case "extension":
      out = await requestExtension(db, {
        assignmentId: v.assignmentId,
        reason: v.reason,
        requestedDueDate: v.requestedDueDate ?? null,
        actor,
        now: at,
      });
      break;
    case "county_reply":
      out = await countyReply(db, {
        assignmentId: v.assignmentId,
        body: v.body,
        attachments,
        submissionKey: key(v.submissionKey),
        actor,
        now: at,
      });
      break;
    case "escalate":
      out = await requestEscalation(db, {
        assignmentId: v.assignmentId,
        opinion: v.opinion,
        attachments,
        submissionKey: key(v.submissionKey),
        actor,
        now: at,
      });
      break;
  }
  if (!out.ok) {
    const reply = out.field
      ? submission.reply({ fieldErrors: { [out.field]: [out.error] } })
      : submission.reply({ formErrors: [out.error] });
    return fail(reply, out.error, out.field ? 400 : 409);
  }
  return Response.json({
    reply: submission.reply({ resetForm: true }),
    ok: out.message,
    error: null,
  } satisfies ActionData);
}

// ——— The page ———

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Assignment = LoaderData["mine"][number];

/** The last reply, for the form it came from only. */
function useReplyFor(intent: Intent, assignmentIdValue: number) {
  const data = useActionData<typeof action>() as ActionData | undefined;
  const initial = data?.reply?.initialValue as { intent?: string; assignmentId?: string } | undefined;
  return initial?.intent === intent && initial?.assignmentId === String(assignmentIdValue) ? data?.reply : undefined;
}

function Hidden({ intent, assignment }: { intent: Intent; assignment: number }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="assignmentId" value={assignment} />
    </>
  );
}

function FormErrors({ errors }: { errors?: string[] }) {
  return errors?.length ? (
    <div className="alert alert--error" role="alert" style={{ margin: 0 }}>
      {errors.join(";")}
    </div>
  ) : null;
}

function Submit({ children, secondary }: { children: ReactNode; secondary?: boolean }) {
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <button type="submit" className={`button${secondary ? " button--secondary" : ""}`} disabled={busy}>
        {busy ? "正在提交…" : children}
      </button>
    </div>
  );
}

function AttachmentsInput({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <Field id={id} label="附件(选填)" errors={errors} hint="PDF、图片、Word、Excel,最多5个,每个不超过10 MB">
      <input
        id={id}
        name="attachments"
        type="file"
        multiple
        accept=".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx,application/pdf,image/png,image/jpeg"
      />
    </Field>
  );
}

function Files({
  files,
  trackingNumber,
}: {
  files: { id: number; filename: string; size: string }[];
  trackingNumber: string;
}) {
  return (
    <ul className="files">
      {files.map((f) => (
        <li key={f.id}>
          <a href={`/handling/${trackingNumber}/attachments/${f.id}`} download>
            {f.filename}
          </a>{" "}
          <span className="hint">({f.size})</span>
        </li>
      ))}
    </ul>
  );
}

function AcceptForm({ s }: { s: Assignment }) {
  const reply = useReplyFor("accept", s.id);
  const [form] = useForm({ id: `accept-${s.id}`, lastResult: reply });
  return (
    <Form method="post" className="stack" {...getFormProps(form)} aria-labelledby={`accept-${s.id}-title`}>
      <h3 id={`accept-${s.id}-title`} style={{ margin: 0 }}>
        接收
      </h3>
      <p className="hint" style={{ margin: 0 }}>
        确认属于本单位职责并开始办理。接收后
        {s.role === "lead" ? "须在10个工作日内答复办理意见" : "须在10个工作日内向牵头部门提出协办意见"}。
      </p>
      <Hidden intent="accept" assignment={s.id} />
      <FormErrors errors={form.errors} />
      <Submit>接收</Submit>
    </Form>
  );
}

function DisputeForm({ s, owners }: { s: Assignment; owners: LoaderData["owners"] }) {
  const reply = useReplyFor("dispute", s.id);
  const [form, fields] = useForm({
    id: `dispute-${s.id}`,
    lastResult: reply,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: disputeSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="stack" {...getFormProps(form)} aria-labelledby={`dispute-${s.id}-title`}>
      <h3 id={`dispute-${s.id}-title`} style={{ margin: 0 }}>
        提出异议
      </h3>
      <p className="hint" style={{ margin: 0 }}>
        认为不属于本单位职责的,写明理由并提出建议的承办单位,由平台重新交办。
      </p>
      <Hidden intent="dispute" assignment={s.id} />
      <FormErrors errors={form.errors} />
      <Field id={fields.reason.id} label="异议理由" errors={fields.reason.errors}>
        <textarea {...getTextareaProps(fields.reason)} rows={4} />
      </Field>
      <Field
        id={fields.proposedOwnerId.id}
        label="建议承办单位"
        errors={fields.proposedOwnerId.errors}
        hint="从列表中选择;不在列表中的,在下方填写"
      >
        <select {...getSelectProps(fields.proposedOwnerId)}>
          <option value="">请选择</option>
          <optgroup label="市直部门">
            {owners.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </optgroup>
          <optgroup label="县、区政府(管委会)">
            {owners.counties.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </optgroup>
        </select>
      </Field>
      <Field id={fields.proposedOwnerText.id} label="其他建议承办单位(选填)" errors={fields.proposedOwnerText.errors}>
        <input {...getInputProps(fields.proposedOwnerText, { type: "text" })} maxLength={100} />
      </Field>
      <Submit secondary>提交异议</Submit>
    </Form>
  );
}

function OpinionForm({ s, submissionKey }: { s: Assignment; submissionKey: string }) {
  const reply = useReplyFor("opinion", s.id);
  const lead = s.opinionForm === "lead";
  const [form, fields] = useForm({
    id: `opinion-${s.id}`,
    lastResult: reply,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: opinionSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const title = lead ? "答复办理意见" : "提出协办意见";
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      className="stack"
      {...getFormProps(form)}
      aria-labelledby={`opinion-${s.id}-title`}
    >
      <h3 id={`opinion-${s.id}-title`} style={{ margin: 0 }}>
        {title}
      </h3>
      <Hidden intent="opinion" assignment={s.id} />
      <input type="hidden" name="submissionKey" value={submissionKey} />
      <FormErrors errors={form.errors} />
      <Field
        id={fields.body.id}
        label={lead ? "办理意见" : "协办意见"}
        errors={fields.body.errors}
        hint={
          lead
            ? "写明核实的情况、办理的依据和结果或下一步安排;平台汇总后答复企业。"
            : "写明本单位职责范围内的意见,提交给牵头部门。"
        }
      >
        <textarea {...getTextareaProps(fields.body)} rows={8} />
      </Field>
      <AttachmentsInput id={`opinion-${s.id}-attachments`} errors={form.allErrors.attachments} />
      <Submit>{lead ? "提交办理意见" : "提交协办意见"}</Submit>
    </Form>
  );
}

function ExtensionBlock({ s }: { s: Assignment }) {
  const reply = useReplyFor("extension", s.id);
  const [form, fields] = useForm({
    id: `extension-${s.id}`,
    lastResult: reply,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: extensionSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const x = s.extension!;
  if (x.pending)
    return (
      <p className="alert alert--warn" role="note" style={{ margin: 0 }}>
        “{x.clock}”的延期申请已提交,等待平台审核;审核前原期限 {x.due} 不变。
      </p>
    );
  if (x.pastDue)
    return (
      <p className="hint" style={{ margin: 0 }}>
        “{x.clock}”已超过期限({x.due}),不能再申请延期,请尽快办理。
      </p>
    );
  return (
    <details open={Boolean(reply)}>
      <summary>申请延期</summary>
      <Form method="post" className="stack" {...getFormProps(form)} style={{ marginTop: "0.75rem" }}>
        <Hidden intent="extension" assignment={s.id} />
        <p className="hint" style={{ margin: 0 }}>
          “{x.clock}”现期限 {x.due}。确有困难的,请在期限前写明理由申请延期,由平台决定新的期限。
        </p>
        <FormErrors errors={form.errors} />
        <Field id={fields.reason.id} label="延期理由" errors={fields.reason.errors}>
          <textarea {...getTextareaProps(fields.reason)} rows={3} />
        </Field>
        <Field
          id={fields.requestedDueDate.id}
          label="建议的新期限(选填)"
          errors={fields.requestedDueDate.errors}
          hint="须为工作日,且晚于现期限;期限为当日24:00"
        >
          <input {...getInputProps(fields.requestedDueDate, { type: "date" })} min={x.earliestDate} />
        </Field>
        <Submit secondary>提交延期申请</Submit>
      </Form>
    </details>
  );
}

function CountyForms({ s, submissionKey }: { s: Assignment; submissionKey: string }) {
  const replyReply = useReplyFor("county_reply", s.id);
  const escalateReply = useReplyFor("escalate", s.id);
  const [replyForm, replyFields] = useForm({
    id: `county-reply-${s.id}`,
    lastResult: replyReply,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: countyReplySchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const [escalateForm, escalateFields] = useForm({
    id: `escalate-${s.id}`,
    lastResult: escalateReply,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: escalateSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="grid" style={{ alignItems: "start" }}>
      <Form
        method="post"
        encType="multipart/form-data"
        className="stack"
        {...getFormProps(replyForm)}
        aria-labelledby={`county-reply-${s.id}-title`}
      >
        <h3 id={`county-reply-${s.id}-title`} style={{ margin: 0 }}>
          办结答复
        </h3>
        <Hidden intent="county_reply" assignment={s.id} />
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <FormErrors errors={replyForm.errors} />
        <Field
          id={replyFields.body.id}
          label="答复内容"
          errors={replyFields.body.errors}
          hint="县区已解决的,写明办理结果;答复将立即告知企业。"
        >
          <textarea {...getTextareaProps(replyFields.body)} rows={7} />
        </Field>
        <AttachmentsInput id={`county-reply-${s.id}-attachments`} errors={replyForm.allErrors.attachments} />
        <Submit>办结并答复企业</Submit>
      </Form>
      <Form
        method="post"
        encType="multipart/form-data"
        className="stack"
        {...getFormProps(escalateForm)}
        aria-labelledby={`escalate-${s.id}-title`}
      >
        <h3 id={`escalate-${s.id}-title`} style={{ margin: 0 }}>
          申请提级
        </h3>
        <Hidden intent="escalate" assignment={s.id} />
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <FormErrors errors={escalateForm.errors} />
        <Field
          id={escalateFields.opinion.id}
          label="县区意见"
          errors={escalateFields.opinion.errors}
          hint="县区无法解决的,写明已做的工作和需要市级协调解决的原因;由平台审核是否转为市级诉求。"
        >
          <textarea {...getTextareaProps(escalateFields.opinion)} rows={7} />
        </Field>
        <AttachmentsInput id={`escalate-${s.id}-attachments`} errors={escalateForm.allErrors.attachments} />
        <Submit secondary>提交提级申请</Submit>
      </Form>
    </div>
  );
}

function AssignmentCard({ s, data }: { s: Assignment; data: LoaderData }) {
  const open = s.clocks.find((c) => c.state === "ok" || c.state === "due_soon" || c.state === "late");
  const badge =
    s.state === "disputed" || open?.state === "due_soon"
      ? "badge--warn"
      : open?.state === "late"
        ? "badge--red"
        : open
          ? "badge--ok"
          : "badge--grey";
  return (
    <section className="card" aria-labelledby={`assignment-${s.id}`} data-testid="assignment">
      <h2 id={`assignment-${s.id}`} style={{ marginTop: 0 }}>
        本单位职责:{s.roleLabel} <span className={`badge ${badge}`}>{s.stateLabel}</span>
      </h2>
      <dl className="facts">
        <dt>交办时间</dt>
        <dd>{s.assigned}</dd>
        {s.accepted ? (
          <>
            <dt>接收时间</dt>
            <dd>{s.accepted}</dd>
          </>
        ) : null}
        {s.disputed ? (
          <>
            <dt>提出异议</dt>
            <dd>
              {s.disputed}
              <div>
                理由:{s.disputeReason}
                {s.proposedOwner ? `(建议由${s.proposedOwner}承办)` : ""}
              </div>
            </dd>
          </>
        ) : null}
        {s.ended ? (
          <>
            <dt>结束</dt>
            <dd>
              {s.ended}
              {s.endedReason ? `:${s.endedReason}` : ""}
            </dd>
          </>
        ) : null}
      </dl>

      <h3>办理时限</h3>
      <div className="table-wrap">
        <table className="table table--cards" aria-label="办理时限">
          <thead>
            <tr>
              <th scope="col">环节</th>
              <th scope="col">开始</th>
              <th scope="col">期限</th>
              <th scope="col">完成</th>
              <th scope="col">情况</th>
            </tr>
          </thead>
          <tbody>
            {s.clocks.map((c) => (
              <tr key={c.id} data-testid="clock">
                <td data-label="环节">{c.label}</td>
                <td data-label="开始">{c.started}</td>
                <td data-label="期限">
                  {c.due}
                  {c.originalDue ? <div className="hint">原期限 {c.originalDue}</div> : null}
                </td>
                <td data-label="完成">{c.finished ?? <span className="muted">—</span>}</td>
                <td data-label="情况">
                  <span className={`badge ${c.state ? CLOCK_BADGE[c.state] : "badge--grey"}`}>{c.stateLabel}</span>
                  {c.outcome && c.outcome !== c.stateLabel ? <div className="hint">{c.outcome}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {s.extensions.length ? (
        <>
          <h3>延期申请</h3>
          <ul className="stack-list">
            {s.extensions.map((x) => (
              <li key={x.id}>
                <div>
                  “{x.clock}” · {x.requested} 申请
                  {x.requestedDueDate ? `延至 ${x.requestedDueDate}` : ""}{" "}
                  {x.decision === "granted" ? (
                    <span className="badge badge--ok">已同意</span>
                  ) : x.decision === "refused" ? (
                    <span className="badge badge--red">未同意</span>
                  ) : (
                    <span className="badge badge--warn">待平台审核</span>
                  )}
                </div>
                <div className="hint">理由:{x.reason}</div>
                {x.decision ? (
                  <div className="hint">
                    {x.decided} 平台{x.decision === "granted" ? `同意,新期限 ${x.newDue}` : "不同意"}
                    {x.decisionNote ? `:${x.decisionNote}` : ""}
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {s.mayAccept ? (
        <div className="grid" style={{ alignItems: "start", marginTop: "1rem" }}>
          <AcceptForm s={s} />
          <DisputeForm s={s} owners={data.owners} />
        </div>
      ) : null}
      {s.opinionForm ? (
        <div style={{ marginTop: "1rem" }}>
          {s.opinionForm === "lead" ? <CoOpinions data={data} /> : null}
          <OpinionForm s={s} submissionKey={data.submissionKey} />
        </div>
      ) : null}
      {s.countyMayAct ? (
        <div style={{ marginTop: "1rem" }}>
          <CountyForms s={s} submissionKey={data.submissionKey} />
        </div>
      ) : null}
      {s.extension ? (
        <div style={{ marginTop: "1rem", paddingTop: "0.75rem", borderTop: "1px solid var(--line)" }}>
          <ExtensionBlock s={s} />
        </div>
      ) : null}
      {s.state === "disputed" ? <p className="muted">异议已提交,平台将重新研究交办;在此期间无需办理。</p> : null}
      {s.role === "county" && s.state === "assigned" && data.appeal.status === "escalation_review" ? (
        <p className="muted">提级申请已提交,平台审核后将告知结果;退回的,须继续办理。</p>
      ) : null}
    </section>
  );
}

/** What the lead reads before replying: the co-departments' opinions, and who has not given one yet. */
function CoOpinions({ data }: { data: LoaderData }) {
  if (data.coCount === 0) return null;
  const opinions = data.replies.filter((r) => r.kind === "opinion");
  return (
    <div className="co-opinions" aria-labelledby="co-opinions-title" role="region">
      <h3 id="co-opinions-title" style={{ marginTop: 0 }}>
        协办意见({opinions.length} / {data.coCount})
      </h3>
      {opinions.length ? (
        <ul className="stack-list">
          {opinions.map((r) => (
            <li key={r.id}>
              <div>
                <strong>{r.organisation}</strong> <span className="hint">{r.at}</span>
              </div>
              <div style={{ whiteSpace: "pre-wrap" }}>{r.body}</div>
              {r.attachments.length ? (
                <Files files={r.attachments} trackingNumber={data.appeal.trackingNumber} />
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {data.coPending.length ? (
        <p className="alert alert--warn" role="note" data-testid="co-pending" style={{ marginBottom: 0 }}>
          尚未提出协办意见:{data.coPending.map((c) => `${c.name}(${c.state})`).join("、")}
        </p>
      ) : (
        <p className="hint" style={{ marginBottom: 0 }}>
          协办部门均已提出意见。
        </p>
      )}
    </div>
  );
}

export default function HandlingAppeal() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { appeal: a } = data;
  // The lead sees the co-departments' opinions beside its own form; everything else is listed here.
  const listed = data.replies.filter((r) => !(r.kind === "opinion" && data.mine.some((s) => s.opinionForm === "lead")));
  return (
    <>
      <p>
        <Link to="/handling">← 我的待办</Link>
      </p>
      <h1>
        诉求 {a.trackingNumber} <span className="badge badge--ok">{a.statusLabel}</span>
      </h1>
      <FormMessage ok={actionData?.ok} error={actionData?.error} />

      <section className="card" aria-labelledby="content-heading">
        <h2 id="content-heading" style={{ marginTop: 0 }}>
          {a.title}
        </h2>
        <dl className="facts">
          <dt>企业</dt>
          <dd>
            {a.enterpriseName}({a.creditCode})
          </dd>
          <dt>联系人</dt>
          <dd>
            {a.contactName} {a.contactPhone}
          </dd>
          <dt>诉求类别</dt>
          <dd>{a.category}</dd>
          <dt>所属期次</dt>
          <dd>
            第{a.cycleNumber}期,现场活动日 {a.onsite}
          </dd>
          <dt>受理时间</dt>
          <dd>{a.received}</dd>
          {data.others.length ? (
            <>
              <dt>其他承办单位</dt>
              <dd>{data.others.map((o) => `${o.name}(${o.role})`).join("、")}</dd>
            </>
          ) : null}
        </dl>
        <h3>诉求内容</h3>
        <p style={{ whiteSpace: "pre-wrap" }}>{a.content}</p>
        <h3>附件</h3>
        {data.attachments.length ? (
          <Files files={data.attachments} trackingNumber={a.trackingNumber} />
        ) : (
          <p className="muted">无附件。</p>
        )}
      </section>

      {data.mine.map((s) => (
        <AssignmentCard key={s.id} s={s} data={data} />
      ))}

      {listed.length ? (
        <section className="card" aria-labelledby="replies-heading">
          <h2 id="replies-heading" style={{ marginTop: 0 }}>
            答复与意见
          </h2>
          <ul className="stack-list">
            {listed.map((r) => (
              <li key={r.id} data-testid="reply">
                <div>
                  <strong>{r.label}</strong> · {r.organisation}{" "}
                  <span className="hint">
                    {r.at}
                    {r.author ? ` · ${r.author}` : ""}
                  </span>
                </div>
                <div style={{ whiteSpace: "pre-wrap" }}>{r.body}</div>
                {r.attachments.length ? <Files files={r.attachments} trackingNumber={a.trackingNumber} /> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card" aria-labelledby="history">
        <h2 id="history" style={{ marginTop: 0 }}>
          办理记录
        </h2>
        <AppealHistory items={data.history} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
