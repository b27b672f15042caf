import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { AppealHistory } from "~/components/appeal-history";
import { DepartmentChoice } from "~/components/department-choice";
import { Field, FormMessage } from "~/components/field";
import { CHANNEL_LABEL, dueState, REGISTRY_CHECK_LABEL, STATUS_LABEL } from "~/domain/appeal";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { formatFileSize } from "~/domain/file-size";
import { ASSIGNMENT_ROLE_LABEL, assignmentStateLabel, CLOCK_FINISH_LABEL, REPLY_KIND_LABEL } from "~/domain/labels";
import { CLOCK_LABEL, CLOCK_STATE_LABEL, clockState, formatDurationZh, type ClockState } from "~/domain/clocks";
import { appealContactPhone, appealHandlersOf } from "~/domain/personal-data";
import { appealEvents, attachmentsOf } from "~/models/appeal.server";
import { handlingOf, proposedOwnersOf } from "~/models/handling.server";
import {
  activeOrganisationsOfKind,
  appealForOffice,
  appealIdsByTrackingNumber,
  assignmentsOf,
  countyOfRegion,
} from "~/models/screening.server";
import {
  decisionOf,
  OTHER_REASON,
  REJECTION_CHOICES,
  screeningActionSchema,
  screeningCitySchema,
  screeningCountySchema,
  screeningRejectSchema,
} from "~/schemas/screening";
import {
  approveEscalationSchema,
  grantExtensionSchema,
  HANDLING_INTENTS,
  handlingActionSchema,
  reassignSchema,
  refuseExtensionSchema,
  sendBackEscalationSchema,
} from "~/schemas/handling";
import { decideEscalation, decideExtension, reassignDisputed } from "~/services/handling.server";
import { screenAppeal } from "~/services/screening.server";
import { appealHistoryItems } from "~/utils/appeal-history";
import { requireRole } from "~/utils/auth.server";
import { CITY, CITY_CODE } from "~/utils/city";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `诉求 ${data.appeal.trackingNumber} · 平台管理 · 直通车` : "诉求 · 直通车" },
];

const NOT_FOUND = "没有找到该诉求,请核对受理编号。";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["platform_admin"]);
  const db = getDb();
  const a = await appealForOffice(db, String(params.trackingNumber ?? ""));
  invariantResponse(a, NOT_FOUND, 404);
  const screening = a.status === "screening";
  const [events, attachments, assignments, counties, departments, registryCounty, handling, proposed] =
    await Promise.all([
      appealEvents(db, a.id),
      attachmentsOf(db, a.id),
      assignmentsOf(db, a.id),
      activeOrganisationsOfKind(db, "county"),
      activeOrganisationsOfKind(db, "department"),
      a.registryRegionCode ? countyOfRegion(db, a.registryRegionCode) : Promise.resolve(undefined),
      handlingOf(db, a.id),
      proposedOwnersOf(db, a.id),
    ]);
  const regionName = (code: string | null) =>
    !code
      ? null
      : code === CITY_CODE
        ? `${CITY.city}本级`
        : (counties.find((c) => c.regionCode === code)?.name ?? "本市以外");
  const at = now();
  const assignedBy = new Map(assignments.map((x) => [x.id, x.assignedByName]));
  const assignmentById = new Map(handling.assignments.map((x) => [x.id, x]));
  const openClockIds = new Set(handling.clocks.filter((c) => !c.finishedAt).map((c) => c.id));
  const departmentIds = new Set(departments.map((d) => d.id));
  const suggestedLeadId =
    a.suggestedDepartmentId && departmentIds.has(a.suggestedDepartmentId) ? String(a.suggestedDepartmentId) : "";
  const countyOpinion = handling.replies.filter((r) => r.kind === "county_opinion").at(-1);
  return {
    appeal: {
      trackingNumber: a.trackingNumber,
      status: a.status,
      statusLabel: STATUS_LABEL[a.status],
      channel: CHANNEL_LABEL[a.channel],
      registeredBy: a.registeredByName,
      registryCheck: REGISTRY_CHECK_LABEL[a.registryCheck],
      creditCode: a.creditCode,
      enterpriseName: a.enterpriseName,
      contactName: a.contactName,
      contactPhone: appealContactPhone(user, appealHandlersOf(a, handling.assignments), a.contactPhone),
      contactEmail: a.contactEmail,
      title: a.title,
      content: a.content,
      publishName: a.publishName,
      rejectionReason: a.rejectionReason,
      received: formatInstantZh(a.receivedAt),
      screeningDue: formatInstantZh(a.screeningDueAt),
      dueState: screening ? dueState(a.screeningDueAt, at) : null,
      screened: a.screenedAt ? formatInstantZh(a.screenedAt) : null,
      category: a.categoryName,
      cycleNumber: a.cycleNumber,
      onsite: formatDateZh(a.cycleOnsiteDate),
      countyName: a.countyName,
    },
    registry: a.registryName
      ? {
          name: a.registryName,
          region: a.registryRegionCode ? `${regionName(a.registryRegionCode)}(${a.registryRegionCode})` : "未登记",
          status: a.registryStatus,
          address: a.registryAddress,
        }
      : null,
    attachments: attachments.map((f) => ({
      id: f.id,
      filename: f.filename,
      size: formatFileSize(f.size),
    })),
    assignments: handling.assignments.map((x) => ({
      id: x.id,
      organisation: x.organisationName,
      role: ASSIGNMENT_ROLE_LABEL[x.role],
      state: x.state,
      stateLabel: assignmentStateLabel(x.role, x.state, a.status),
      assigned: formatInstantZh(x.assignedAt),
      by: assignedBy.get(x.id) ?? null,
      accepted: x.acceptedAt ? formatInstantZh(x.acceptedAt) : null,
      disputed: x.disputedAt ? formatInstantZh(x.disputedAt) : null,
      disputeReason: x.disputeReason,
      proposed: x.proposedOwnerName ?? x.proposedOwnerText,
      ended: x.endedAt ? formatInstantZh(x.endedAt) : null,
      endedReason: x.endedReason,
    })),
    clocks: handling.clocks.map((c) => {
      const owner = assignmentById.get(c.assignmentId);
      const state: ClockState | "stopped" =
        c.finish === "stopped"
          ? "stopped"
          : clockState({ dueAt: c.dueAt, remindAt: c.remindAt, finishedAt: c.finishedAt }, at);
      const lateMs = c.finishedAt ? Number(c.lateMs ?? 0) : at.getTime() - c.dueAt.getTime();
      return {
        id: c.id,
        organisation: owner?.organisationName ?? "",
        role: owner ? ASSIGNMENT_ROLE_LABEL[owner.role] : "",
        step: CLOCK_LABEL[c.kind],
        started: formatInstantZh(c.startedAt),
        due: formatInstantZh(c.dueAt),
        originalDue: c.originalDueAt.getTime() !== c.dueAt.getTime() ? formatInstantZh(c.originalDueAt) : null,
        finished: c.finishedAt ? formatInstantZh(c.finishedAt) : null,
        finish: c.finish ? CLOCK_FINISH_LABEL[c.finish] : null,
        state,
        stateLabel: state === "stopped" ? "已停止" : CLOCK_STATE_LABEL[state],
        // The badge says on time or late; this says by how much.
        outcome:
          state === "stopped" || (c.finishedAt && c.onTime)
            ? null
            : c.finishedAt
              ? `逾期 ${formatDurationZh(lateMs)}`
              : state === "late"
                ? `已超 ${formatDurationZh(lateMs)}`
                : null,
      };
    }),
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
    extensions: handling.extensions.map((x) => ({
      id: x.id,
      organisation: x.organisationName,
      step: CLOCK_LABEL[x.clockKind],
      reason: x.reason,
      requestedDate: x.requestedDueDate,
      requestedDateLabel: x.requestedDueDate ? formatDateZh(x.requestedDueDate) : null,
      requested: formatInstantZh(x.requestedAt),
      decision: x.decision,
      decisionNote: x.decisionNote,
      newDue: x.newDueAt ? formatInstantZh(x.newDueAt) : null,
      decided: x.decidedAt ? formatInstantZh(x.decidedAt) : null,
      // Taken meanwhile, the step needs no more time: nothing is left to decide.
      open: !x.decision && openClockIds.has(x.clockId),
      currentDue: (() => {
        const c = handling.clocks.find((k) => k.id === x.clockId);
        return c ? formatInstantZh(c.dueAt) : null;
      })(),
    })),
    disputes: handling.assignments
      .filter((x) => x.state === "disputed")
      .map((x) => {
        const proposedId = proposed.find((p) => p.id === x.id)?.proposedOwnerId ?? null;
        return {
          assignmentId: x.id,
          organisation: x.organisationName,
          role: ASSIGNMENT_ROLE_LABEL[x.role],
          disputed: x.disputedAt ? formatInstantZh(x.disputedAt) : null,
          reason: x.disputeReason,
          proposed: x.proposedOwnerName ?? x.proposedOwnerText,
          defaultOrganisationId: proposedId && departmentIds.has(proposedId) ? String(proposedId) : "",
        };
      }),
    escalation:
      a.status === "escalation_review"
        ? {
            county: a.countyName,
            opinion: countyOpinion ? { body: countyOpinion.body, at: formatInstantZh(countyOpinion.createdAt) } : null,
            suggestedLeadId,
          }
        : null,
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    history: appealHistoryItems(events),
    screening: screening
      ? {
          counties: counties.map((c) => ({ id: c.id, name: c.name })),
          departments: departments.map((d) => ({ id: d.id, name: d.name })),
          defaultCountyId: registryCounty ? String(registryCounty.id) : "",
          suggestedLeadId,
        }
      : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["platform_admin"]);
  const db = getDb();
  const a = await appealIdsByTrackingNumber(db, String(params.trackingNumber ?? ""));
  invariantResponse(a, NOT_FOUND, 404);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (HANDLING_INTENTS.includes(intent)) return handlingAction(formData, intent, a.id, user.id);
  const submission = parseWithZod(formData, { schema: screeningActionSchema });
  if (submission.status !== "success")
    return Response.json({ reply: submission.reply(), ok: null, intent }, { status: 400 });
  const out = await screenAppeal(db, a.id, decisionOf(submission.value), { actorId: user.id, now: now() });
  if (!out.ok) {
    const reply = out.field
      ? submission.reply({ fieldErrors: { [out.field]: [out.error] } })
      : submission.reply({ formErrors: [out.error] });
    return Response.json({ reply, ok: null, intent }, { status: out.field ? 400 : 409 });
  }
  return Response.json({ reply: submission.reply({ resetForm: true }), ok: `已处理:${out.message}。`, intent });
}

const GONE = "该事项已不在本诉求中,请刷新页面。";

/** The office's decisions during handling: each names an assignment or extension of this appeal only. */
async function handlingAction(formData: FormData, intent: string, appealId: number, actorId: number) {
  const db = getDb();
  const submission = parseWithZod(formData, { schema: handlingActionSchema });
  if (submission.status !== "success")
    return Response.json({ reply: submission.reply(), ok: null, intent }, { status: 400 });
  const v = submission.value;
  const at = now();
  const handling = await handlingOf(db, appealId);
  const refuse = (message: string) =>
    Response.json({ reply: submission.reply({ formErrors: [message] }), ok: null, intent }, { status: 409 });
  let out;
  switch (v.intent) {
    case "reassign":
      if (!handling.assignments.some((x) => x.id === v.assignmentId)) return refuse(GONE);
      out = await reassignDisputed(db, {
        assignmentId: v.assignmentId,
        organisationId: v.organisationId,
        note: v.note,
        actorId,
        now: at,
      });
      break;
    case "grant_extension":
    case "refuse_extension":
      if (!handling.extensions.some((x) => x.id === v.extensionId)) return refuse(GONE);
      out = await decideExtension(db, {
        extensionId: v.extensionId,
        grant: v.intent === "grant_extension",
        newDueDate: v.intent === "grant_extension" ? v.newDueDate : null,
        note: v.note ?? "",
        actorId,
        now: at,
      });
      break;
    case "approve_escalation":
      out = await decideEscalation(db, {
        appealId,
        approve: true,
        leadId: v.leadId,
        coIds: v.coIds,
        note: v.note,
        actorId,
        now: at,
      });
      break;
    case "send_back_escalation":
      out = await decideEscalation(db, { appealId, approve: false, note: v.note, actorId, now: at });
      break;
  }
  if (!out.ok) {
    const reply = out.field
      ? submission.reply({ fieldErrors: { [out.field]: [out.error] } })
      : submission.reply({ formErrors: [out.error] });
    return Response.json({ reply, ok: null, intent }, { status: out.field ? 400 : 409 });
  }
  return Response.json({ reply: submission.reply({ resetForm: true }), ok: out.message, intent });
}

type Reply = {
  initialValue?: { intent?: string; assignmentId?: string; extensionId?: string } | null;
  error?: Record<string, string[] | null>;
};

function DueBadge({ state }: { state: string | null }) {
  if (state === "late") return <span className="badge badge--red">已逾期</span>;
  if (state === "due_soon") return <span className="badge badge--warn">即将到期</span>;
  return null;
}

export default function OfficeAppeal() {
  const data = useLoaderData<typeof loader>();
  const { appeal: a, registry, attachments, assignments, history, screening } = data;
  const actionData = useActionData<typeof action>() as
    { reply?: Reply; ok: string | null; intent?: string } | undefined;
  const reply = actionData?.reply;
  const handlingResult = Boolean(actionData?.intent && HANDLING_INTENTS.includes(actionData.intent));
  const formError = reply?.error?.[""]?.join(";") ?? null;
  const pending = data.disputes.length > 0 || data.extensions.some((x) => x.open) || data.escalation !== null;
  const badge =
    a.status === "rejected"
      ? "badge--red"
      : a.status === "registry_review" || a.status === "screening" || a.status === "escalation_review"
        ? "badge--warn"
        : "badge--ok";
  return (
    <>
      <p>
        {a.status === "screening" || a.status === "registry_review" || a.status === "rejected" ? (
          <Link to="/admin/screening">← 诉求甄别</Link>
        ) : (
          <Link to="/admin/handling">← 办理协调</Link>
        )}
      </p>
      <h1>
        诉求 {a.trackingNumber} <span className={`badge ${badge}`}>{a.statusLabel}</span>
      </h1>
      {handlingResult ? null : <FormMessage ok={actionData?.ok} error={formError} />}

      <section className="card" aria-labelledby="facts-heading">
        <h2 id="facts-heading" style={{ marginTop: 0 }}>
          受理情况
        </h2>
        <dl className="facts">
          <dt>受理编号</dt>
          <dd data-testid="tracking-number">{a.trackingNumber}</dd>
          <dt>当前状态</dt>
          <dd data-testid="appeal-status">{a.statusLabel}</dd>
          <dt>所属期次</dt>
          <dd>
            第{a.cycleNumber}期,现场活动日 {a.onsite}
          </dd>
          <dt>受理时间</dt>
          <dd>
            {a.received}({a.channel}
            {a.registeredBy ? `,${a.registeredBy}登记` : ""})
          </dd>
          <dt>甄别期限</dt>
          <dd>
            {a.screeningDue} <DueBadge state={a.dueState} />
          </dd>
          {a.screened ? (
            <>
              <dt>甄别时间</dt>
              <dd>{a.screened}</dd>
            </>
          ) : null}
          {a.countyName ? (
            <>
              <dt>承办县区</dt>
              <dd>{a.countyName}</dd>
            </>
          ) : null}
          {a.rejectionReason ? (
            <>
              <dt>不予受理原因</dt>
              <dd>{a.rejectionReason}</dd>
            </>
          ) : null}
        </dl>
        {pending ? (
          <p className="alert alert--warn" style={{ margin: "0.75rem 0 0" }}>
            本诉求有待平台处理的事项:<a href="#decide">前往处理</a>
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="enterprise-heading">
        <h2 id="enterprise-heading" style={{ marginTop: 0 }}>
          企业
        </h2>
        <dl className="facts">
          <dt>企业名称</dt>
          <dd>{a.enterpriseName}</dd>
          <dt>统一社会信用代码</dt>
          <dd>{a.creditCode}</dd>
          <dt>法人库核验</dt>
          <dd>{a.registryCheck}</dd>
          {registry ? (
            <>
              <dt>法人库登记名称</dt>
              <dd>{registry.name}</dd>
              <dt>法人库登记地</dt>
              <dd>{registry.region}</dd>
              <dt>登记状态</dt>
              <dd>{registry.status}</dd>
              {registry.address ? (
                <>
                  <dt>住所</dt>
                  <dd>{registry.address}</dd>
                </>
              ) : null}
            </>
          ) : null}
          <dt>联系人</dt>
          <dd>{a.contactName}</dd>
          <dt>联系电话</dt>
          <dd>{a.contactPhone}</dd>
          {a.contactEmail ? (
            <>
              <dt>电子邮箱</dt>
              <dd>{a.contactEmail}</dd>
            </>
          ) : null}
          <dt>公开答复</dt>
          <dd>{a.publishName ? "同意显示企业名称" : "隐去企业名称"}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="content-heading">
        <h2 id="content-heading" style={{ marginTop: 0 }}>
          {a.title}
        </h2>
        <p className="hint">诉求类别:{a.category}</p>
        <p style={{ whiteSpace: "pre-wrap" }}>{a.content}</p>
        <h3>附件</h3>
        {attachments.length ? (
          <ul className="files">
            {attachments.map((f) => (
              <li key={f.id}>
                <a href={`/admin/appeals/${a.trackingNumber}/attachments/${f.id}`} download>
                  {f.filename}
                </a>{" "}
                <span className="hint">({f.size})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">无附件。</p>
        )}
      </section>

      {assignments.length ? <HandlingFacts /> : null}

      {pending || handlingResult ? (
        <HandlingDecisions result={handlingResult ? actionData : undefined} formError={formError} />
      ) : null}

      {screening ? <ScreeningActions screening={screening} reply={reply} /> : null}

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading" style={{ marginTop: 0 }}>
          办理记录
        </h2>
        <AppealHistory items={history} />
      </section>
    </>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

/** Short label–value pairs on one wrapping line; a pair without a value is left out. */
function Facts({ items }: { items: [string, string | null][] }) {
  return (
    <dl className="handling-list__facts">
      {items
        .filter((item): item is [string, string] => Boolean(item[1]))
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

const CLOCK_BADGE: Record<ClockState | "stopped", string> = {
  ok: "badge--grey",
  due_soon: "badge--warn",
  late: "badge--red",
  done_on_time: "badge--ok",
  done_late: "badge--red",
  stopped: "badge--grey",
};

const ASSIGNMENT_BADGE: Record<string, string> = {
  assigned: "badge--grey",
  accepted: "badge--ok",
  disputed: "badge--warn",
  done: "badge--ok",
  ended: "badge--grey",
};

const EXTENSION_BADGE = {
  pending: { className: "badge--warn", label: "待审核" },
  moot: { className: "badge--grey", label: "所涉环节已结束,无需审核" },
  granted: { className: "badge--ok", label: "已同意" },
  refused: { className: "badge--red", label: "不同意" },
} as const;

/** 办理情况: every assignment (ended ones too), clock, reply or opinion, and extension request. */
function HandlingFacts() {
  const { appeal: a, assignments, clocks, replies, extensions } = useLoaderData<typeof loader>();
  return (
    <section className="card" id="handling" aria-labelledby="handling-heading">
      <h2 id="handling-heading" style={{ marginTop: 0 }}>
        办理情况
      </h2>

      <h3>承办单位</h3>
      <ul className="handling-list" aria-label="承办单位">
        {assignments.map((x) => (
          <li key={x.id} data-testid={`assignment-${x.id}`}>
            <div className="handling-list__head">
              <strong>{x.organisation}</strong>
              <span className="hint">{x.role}</span>
              <span className={`badge ${ASSIGNMENT_BADGE[x.state]}`}>{x.stateLabel}</span>
            </div>
            <Facts
              items={[
                ["交办", `${x.assigned}${x.by ? `(${x.by})` : ""}`],
                ["接收", x.accepted],
                ["提出异议", x.disputed],
                ["结束", x.ended],
              ]}
            />
            {x.disputeReason ? <div className="hint">异议理由:{x.disputeReason}</div> : null}
            {x.disputeReason && x.proposed ? <div className="hint">建议承办单位:{x.proposed}</div> : null}
            {x.endedReason ? <div className="hint">结束原因:{x.endedReason}</div> : null}
          </li>
        ))}
      </ul>

      <h3>办理时限</h3>
      {clocks.length ? (
        <ul className="handling-list" aria-label="办理时限">
          {clocks.map((c) => (
            <li key={c.id} data-testid={`clock-${c.id}`}>
              <div className="handling-list__head">
                <strong>{c.organisation}</strong>
                <span>{c.step}</span>
                <span className={`badge ${CLOCK_BADGE[c.state]}`}>{c.stateLabel}</span>
                {c.outcome ? <span className="hint">{c.outcome}</span> : null}
              </div>
              <Facts
                items={[
                  ["开始", c.started],
                  ["期限", c.due],
                  ["原期限", c.originalDue],
                  [c.finish ?? "结束", c.finished],
                ]}
              />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">尚无计时环节。</p>
      )}

      <h3>答复与意见</h3>
      {replies.length ? (
        <ul className="handling-list" aria-label="答复与意见">
          {replies.map((r) => (
            <li key={r.id}>
              <div className="handling-list__head">
                <strong>{r.label}</strong>
                <span>{r.organisation}</span>
                <span className="hint">
                  {r.at}
                  {r.author ? ` · ${r.author}` : ""}
                </span>
              </div>
              <p className="reply-body">{r.body}</p>
              {r.attachments.length ? (
                <ul aria-label="附件" style={{ margin: 0 }}>
                  {r.attachments.map((f) => (
                    <li key={f.id}>
                      <a href={`/admin/appeals/${a.trackingNumber}/attachments/${f.id}`} download>
                        {f.filename}
                      </a>{" "}
                      <span className="hint">({f.size})</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">尚无答复或意见。</p>
      )}

      {extensions.length ? (
        <>
          <h3>延期申请</h3>
          <ul className="handling-list" aria-label="延期申请">
            {extensions.map((x) => {
              const badge = EXTENSION_BADGE[x.decision ?? (x.open ? "pending" : "moot")];
              return (
                <li key={x.id}>
                  <div className="handling-list__head">
                    <strong>{x.organisation}</strong>
                    <span>{x.step}</span>
                    <span className={`badge ${badge.className}`}>{badge.label}</span>
                  </div>
                  <Facts
                    items={[
                      ["申请时间", x.requested],
                      ["申请延至", x.requestedDateLabel ?? "未写明"],
                      ["审核时间", x.decided],
                      ["新的期限", x.newDue],
                    ]}
                  />
                  <div className="hint">理由:{x.reason}</div>
                  {x.decisionNote ? <div className="hint">审核意见:{x.decisionNote}</div> : null}
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}

type ActionResult = { reply?: Reply; ok: string | null; intent?: string } | undefined;

/** 待平台处理: the decisions the office owes on this appeal, each its own form. */
function HandlingDecisions({ result, formError }: { result: ActionResult; formError: string | null }) {
  const data = useLoaderData<typeof loader>();
  const reply = result?.reply;
  const open = data.extensions.filter((x) => x.open);
  const empty = data.disputes.length === 0 && open.length === 0 && !data.escalation;
  return (
    <section className="card" id="decide" aria-labelledby="decide-heading">
      <h2 id="decide-heading" style={{ marginTop: 0 }}>
        待平台处理
      </h2>
      <FormMessage ok={result?.ok} error={result ? formError : null} />
      {empty ? <p className="muted">本诉求目前没有待平台处理的事项。</p> : null}
      {data.disputes.map((d) => (
        <ReassignForm key={d.assignmentId} dispute={d} departments={data.departments} reply={reply} />
      ))}
      {open.map((x) => (
        <ExtensionForms key={x.id} extension={x} reply={reply} />
      ))}
      {data.escalation ? (
        <EscalationForms escalation={data.escalation} departments={data.departments} reply={reply} />
      ) : null}
    </section>
  );
}

function replyFor(
  reply: Reply | undefined,
  intent: string,
  match?: { key: "assignmentId" | "extensionId"; id: number },
) {
  if (!reply || reply.initialValue?.intent !== intent) return undefined;
  if (match && reply.initialValue?.[match.key] !== String(match.id)) return undefined;
  return reply as never;
}

function ReassignForm(props: {
  dispute: LoaderData["disputes"][number];
  departments: LoaderData["departments"];
  reply: Reply | undefined;
}) {
  const d = props.dispute;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: `reassign-${d.assignmentId}`,
    lastResult: replyFor(props.reply, "reassign", { key: "assignmentId", id: d.assignmentId }),
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reassignSchema }),
  });
  const headingId = `${form.id}-heading`;
  return (
    <div className="decision">
      <h3 id={headingId} style={{ margin: "0 0 0.5rem" }}>
        {d.organisation}({d.role})对交办提出异议
      </h3>
      <Facts
        items={[
          ["提出时间", d.disputed],
          ["建议承办单位", d.proposed ?? "未提出"],
        ]}
      />
      <p className="reply-body">异议理由:{d.reason}</p>
      <Form method="post" preventScrollReset className="stack" {...getFormProps(form)} aria-labelledby={headingId}>
        <input type="hidden" name="intent" value="reassign" />
        <input type="hidden" name="assignmentId" value={d.assignmentId} />
        <Field
          id={fields.organisationId.id}
          label="重新交办给"
          errors={fields.organisationId.errors}
          hint={
            d.defaultOrganisationId
              ? "已按提出异议单位的建议预填,可更改;选择原单位即异议不成立,由其重新接收。"
              : "选择原单位即异议不成立,由其重新接收。"
          }
        >
          <select
            id={fields.organisationId.id}
            name="organisationId"
            defaultValue={d.defaultOrganisationId}
            aria-invalid={fields.organisationId.errors ? true : undefined}
          >
            <option value="">请选择</option>
            {props.departments.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id={fields.note.id} label="处理意见" errors={fields.note.errors} hint="将记入办理记录。">
          <textarea
            id={fields.note.id}
            name="note"
            rows={3}
            maxLength={500}
            aria-invalid={fields.note.errors ? true : undefined}
          />
        </Field>
        <div>
          <button type="submit" className="button" disabled={busy}>
            重新交办
          </button>
        </div>
      </Form>
    </div>
  );
}

function ExtensionForms(props: { extension: LoaderData["extensions"][number]; reply: Reply | undefined }) {
  const x = props.extension;
  const busy = useNavigation().state === "submitting";
  const [grantForm, grantFields] = useForm({
    id: `grant-${x.id}`,
    lastResult: replyFor(props.reply, "grant_extension", { key: "extensionId", id: x.id }),
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: grantExtensionSchema }),
  });
  const [refuseForm, refuseFields] = useForm({
    id: `refuse-${x.id}`,
    lastResult: replyFor(props.reply, "refuse_extension", { key: "extensionId", id: x.id }),
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: refuseExtensionSchema }),
  });
  const headingId = `extension-${x.id}-heading`;
  return (
    <div className="decision" role="group" aria-labelledby={headingId}>
      <h3 id={headingId} style={{ margin: "0 0 0.5rem" }}>
        {x.organisation}申请延长“{x.step}”期限
      </h3>
      <Facts
        items={[
          ["现期限", x.currentDue],
          ["申请延至", x.requestedDateLabel ?? "未写明"],
          ["申请时间", x.requested],
        ]}
      />
      <p className="reply-body">理由:{x.reason}</p>
      <div className="decision-grid">
        <Form method="post" preventScrollReset className="stack" {...getFormProps(grantForm)} aria-label="同意延期">
          <input type="hidden" name="intent" value="grant_extension" />
          <input type="hidden" name="extensionId" value={x.id} />
          <Field
            id={grantFields.newDueDate.id}
            label="新的办理期限"
            errors={grantFields.newDueDate.errors}
            hint={x.requestedDate ? "已按申请预填;须为工作日,期限至当日24:00。" : "须为工作日,期限至当日24:00。"}
          >
            <input
              id={grantFields.newDueDate.id}
              name="newDueDate"
              type="date"
              defaultValue={x.requestedDate ?? ""}
              aria-invalid={grantFields.newDueDate.errors ? true : undefined}
            />
          </Field>
          <Field id={grantFields.note.id} label="审核意见(可不填)" errors={grantFields.note.errors}>
            <textarea id={grantFields.note.id} name="note" rows={2} maxLength={500} />
          </Field>
          <div>
            <button type="submit" className="button" disabled={busy}>
              同意延期
            </button>
          </div>
        </Form>
        <Form method="post" preventScrollReset className="stack" {...getFormProps(refuseForm)} aria-label="不同意延期">
          <input type="hidden" name="intent" value="refuse_extension" />
          <input type="hidden" name="extensionId" value={x.id} />
          <Field
            id={refuseFields.note.id}
            label="不同意的理由"
            errors={refuseFields.note.errors}
            hint="原期限不变;理由将告知申请单位。"
          >
            <textarea
              id={refuseFields.note.id}
              name="note"
              rows={3}
              maxLength={500}
              aria-invalid={refuseFields.note.errors ? true : undefined}
            />
          </Field>
          <div>
            <button type="submit" className="button button--secondary" disabled={busy}>
              不同意
            </button>
          </div>
        </Form>
      </div>
    </div>
  );
}

function EscalationForms(props: {
  escalation: NonNullable<LoaderData["escalation"]>;
  departments: LoaderData["departments"];
  reply: Reply | undefined;
}) {
  const e = props.escalation;
  const busy = useNavigation().state === "submitting";
  const [leadId, setLeadId] = useState(e.suggestedLeadId);
  const [approveForm, approveFields] = useForm({
    id: "approve-escalation",
    lastResult: replyFor(props.reply, "approve_escalation"),
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: approveEscalationSchema }),
  });
  const [backForm, backFields] = useForm({
    id: "send-back-escalation",
    lastResult: replyFor(props.reply, "send_back_escalation"),
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: sendBackEscalationSchema }),
  });
  return (
    <div className="decision" role="group" aria-labelledby="escalation-heading">
      <h3 id="escalation-heading" style={{ margin: "0 0 0.5rem" }}>
        {e.county ?? "县区"}申请提级
      </h3>
      {e.opinion ? (
        <>
          <p className="hint" style={{ margin: 0 }}>
            县区意见({e.opinion.at}):
          </p>
          <p className="reply-body">{e.opinion.body}</p>
        </>
      ) : null}
      <div className="decision-grid">
        <Form
          method="post"
          preventScrollReset
          className="stack"
          {...getFormProps(approveForm)}
          aria-labelledby="approve-heading"
        >
          <h4 id="approve-heading" style={{ margin: 0 }}>
            同意提级,转市直部门办理
          </h4>
          <input type="hidden" name="intent" value="approve_escalation" />
          <DepartmentChoice
            lead={approveFields.leadId}
            coErrors={approveFields.coIds.errors}
            departments={props.departments}
            leadId={leadId}
            onLeadChange={setLeadId}
            suggested={Boolean(e.suggestedLeadId)}
          />
          <Field id={approveFields.note.id} label="审核意见(可不填)" errors={approveFields.note.errors}>
            <textarea id={approveFields.note.id} name="note" rows={2} maxLength={500} />
          </Field>
          <div>
            <button type="submit" className="button" disabled={busy}>
              同意提级
            </button>
          </div>
        </Form>
        <Form
          method="post"
          preventScrollReset
          className="stack"
          {...getFormProps(backForm)}
          aria-labelledby="back-heading"
        >
          <h4 id="back-heading" style={{ margin: 0 }}>
            退回县区继续办理
          </h4>
          <input type="hidden" name="intent" value="send_back_escalation" />
          <Field
            id={backFields.note.id}
            label="退回理由"
            errors={backFields.note.errors}
            hint="县区将重新计时,10个工作日内办结答复。"
          >
            <textarea
              id={backFields.note.id}
              name="note"
              rows={3}
              maxLength={500}
              aria-invalid={backFields.note.errors ? true : undefined}
            />
          </Field>
          <div>
            <button type="submit" className="button button--secondary" disabled={busy}>
              退回县区
            </button>
          </div>
        </Form>
      </div>
    </div>
  );
}

type Screening = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["screening"]>;

function ScreeningActions({ screening, reply }: { screening: Screening; reply: Reply | undefined }) {
  const busy = useNavigation().state === "submitting";
  const intent = reply?.initialValue?.intent;
  const [reasonChoice, setReasonChoice] = useState("");
  const [leadId, setLeadId] = useState(screening.suggestedLeadId);
  const [rejectForm, rejectFields] = useForm({
    id: "reject",
    lastResult: intent === "reject" ? (reply as never) : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: screeningRejectSchema }),
  });
  const [countyForm, countyFields] = useForm({
    id: "county",
    lastResult: intent === "county" ? (reply as never) : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: screeningCountySchema }),
  });
  const [cityForm, cityFields] = useForm({
    id: "city",
    lastResult: intent === "city" ? (reply as never) : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: screeningCitySchema }),
  });
  return (
    <section className="card" aria-labelledby="screen-heading">
      <h2 id="screen-heading" style={{ marginTop: 0 }}>
        甄别
      </h2>
      <p className="muted">选择一种处理方式。处理结果将告知企业,承办单位将收到交办通知。</p>

      <div className="grid" style={{ alignItems: "start" }}>
        <Form method="post" className="stack" {...getFormProps(cityForm)} aria-labelledby="city-heading">
          <h3 id="city-heading" style={{ margin: 0 }}>
            转市直部门办理
          </h3>
          <input type="hidden" name="intent" value="city" />
          <DepartmentChoice
            lead={cityFields.leadId}
            coErrors={cityFields.coIds.errors}
            departments={screening.departments}
            leadId={leadId}
            onLeadChange={setLeadId}
            suggested={Boolean(screening.suggestedLeadId)}
          />
          <button type="submit" className="button" disabled={busy}>
            转市直部门办理
          </button>
        </Form>

        <Form method="post" className="stack" {...getFormProps(countyForm)} aria-labelledby="county-heading">
          <h3 id="county-heading" style={{ margin: 0 }}>
            转县区办理
          </h3>
          <input type="hidden" name="intent" value="county" />
          <Field
            id={countyFields.countyId.id}
            label="承办县区"
            errors={countyFields.countyId.errors}
            hint={
              screening.defaultCountyId
                ? "已按企业在法人库的登记地预填,可更改。"
                : "该企业登记在市本级或未登记县区,请指定承办县区。"
            }
          >
            <select
              id={countyFields.countyId.id}
              name="countyId"
              defaultValue={screening.defaultCountyId}
              aria-invalid={countyFields.countyId.errors ? true : undefined}
            >
              <option value="">请选择</option>
              {screening.counties.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <button type="submit" className="button" disabled={busy}>
            转县区办理
          </button>
        </Form>

        <Form method="post" className="stack" {...getFormProps(rejectForm)} aria-labelledby="reject-heading">
          <h3 id="reject-heading" style={{ margin: 0 }}>
            不予受理
          </h3>
          <input type="hidden" name="intent" value="reject" />
          <Field id={rejectFields.reasonChoice.id} label="不予受理原因" errors={rejectFields.reasonChoice.errors}>
            <select
              id={rejectFields.reasonChoice.id}
              name="reasonChoice"
              value={reasonChoice}
              onChange={(e) => setReasonChoice(e.target.value)}
              aria-invalid={rejectFields.reasonChoice.errors ? true : undefined}
            >
              <option value="">请选择</option>
              {REJECTION_CHOICES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </Field>
          {reasonChoice === OTHER_REASON ? (
            <Field id={rejectFields.reasonText.id} label="写明原因" errors={rejectFields.reasonText.errors}>
              <textarea id={rejectFields.reasonText.id} name="reasonText" rows={3} maxLength={500} />
            </Field>
          ) : null}
          <button type="submit" className="button button--secondary" disabled={busy}>
            不予受理
          </button>
        </Form>
      </div>
    </section>
  );
}
