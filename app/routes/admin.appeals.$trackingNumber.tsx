import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Field, FormMessage } from "~/components/field";
import { CHANNEL_LABEL, dueState, REGISTRY_CHECK_LABEL, STATUS_LABEL, type AppealStatus } from "~/domain/appeal";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { appealEvents, attachmentsOf } from "~/models/appeal.server";
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
import { screenAppeal } from "~/services/screening.server";
import { requireRole } from "~/utils/auth.server";
import { CITY, CITY_CODE } from "~/utils/city";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `诉求 ${data.appeal.trackingNumber} · 甄别 · 直通车` : "诉求 · 直通车" },
];

const NOT_FOUND = "没有找到该诉求,请核对受理编号。";

/** What each recorded step was, for the office's history. */
const EVENT_LABEL: Record<string, string> = {
  received: "受理登记",
  registry_review_required: "转法人库核实",
  registry_confirmed: "法人库核实确认",
  registry_rejected: "法人库核实后不予受理",
  rejected: "不予受理",
  screening_rejected: "甄别:不予受理",
  routed_to_county: "甄别:转县区办理",
  routed_to_city: "甄别:转市直部门办理",
};

const ROLE_LABEL = { county: "县区承办", lead: "牵头部门", co: "协办部门" } as const;

function statusLabel(s: string | null): string | null {
  return s && s in STATUS_LABEL ? STATUS_LABEL[s as AppealStatus] : s;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["platform_admin"]);
  const db = getDb();
  const a = await appealForOffice(db, String(params.trackingNumber ?? ""));
  if (!a) throw new Response(NOT_FOUND, { status: 404 });
  const screening = a.status === "screening";
  const [events, attachments, assignments, counties, departments, registryCounty] = await Promise.all([
    appealEvents(db, a.id),
    attachmentsOf(db, a.id),
    assignmentsOf(db, a.id),
    activeOrganisationsOfKind(db, "county"),
    screening ? activeOrganisationsOfKind(db, "department") : Promise.resolve([]),
    a.registryRegionCode ? countyOfRegion(db, a.registryRegionCode) : Promise.resolve(undefined),
  ]);
  const regionName = (code: string | null) =>
    !code
      ? null
      : code === CITY_CODE
        ? `${CITY.city}本级`
        : (counties.find((c) => c.regionCode === code)?.name ?? "本市以外");
  const at = now();
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
      contactPhone: a.contactPhone,
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
      size: `${Math.max(1, Math.round(f.size / 1024))} KB`,
    })),
    assignments: assignments.map((x) => ({
      id: x.id,
      organisation: x.organisationName,
      role: ROLE_LABEL[x.role],
      assigned: formatInstantZh(x.assignedAt),
      by: x.assignedByName,
      ended: x.endedAt ? formatInstantZh(x.endedAt) : null,
    })),
    history: events.map((e) => ({
      id: String(e.id),
      at: formatInstantZh(e.at),
      actor: e.actorName ?? "系统",
      action: EVENT_LABEL[e.action] ?? e.action,
      from: statusLabel(e.fromStatus),
      to: statusLabel(e.toStatus),
      reason: e.reason,
      note: e.publicNote,
    })),
    screening: screening
      ? {
          counties: counties.map((c) => ({ id: c.id, name: c.name })),
          departments: departments.map((d) => ({ id: d.id, name: d.name })),
          defaultCountyId: registryCounty ? String(registryCounty.id) : "",
          suggestedLeadId:
            a.suggestedDepartmentId && departments.some((d) => d.id === a.suggestedDepartmentId)
              ? String(a.suggestedDepartmentId)
              : "",
        }
      : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["platform_admin"]);
  const db = getDb();
  const a = await appealIdsByTrackingNumber(db, String(params.trackingNumber ?? ""));
  if (!a) throw new Response(NOT_FOUND, { status: 404 });
  const submission = parseWithZod(await request.formData(), { schema: screeningActionSchema });
  if (submission.status !== "success") return Response.json({ reply: submission.reply(), ok: null }, { status: 400 });
  const out = await screenAppeal(db, a.id, decisionOf(submission.value), { actorId: user.id, now: now() });
  if (!out.ok) {
    const reply = out.field
      ? submission.reply({ fieldErrors: { [out.field]: [out.error] } })
      : submission.reply({ formErrors: [out.error] });
    return Response.json({ reply, ok: null }, { status: out.field ? 400 : 409 });
  }
  return Response.json({ reply: submission.reply({ resetForm: true }), ok: `已处理:${out.message}。` });
}

type Reply = { initialValue?: { intent?: string }; error?: Record<string, string[] | null> };

function DueBadge({ state }: { state: string | null }) {
  if (state === "late") return <span className="badge badge--red">已逾期</span>;
  if (state === "due_soon") return <span className="badge badge--warn">即将到期</span>;
  return null;
}

export default function OfficeAppeal() {
  const { appeal: a, registry, attachments, assignments, history, screening } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { reply?: Reply; ok: string | null } | undefined;
  const reply = actionData?.reply;
  const formError = reply?.error?.[""]?.join(";") ?? null;
  const badge =
    a.status === "rejected"
      ? "badge--red"
      : a.status === "registry_review" || a.status === "screening"
        ? "badge--warn"
        : "badge--ok";
  return (
    <>
      <p>
        <Link to="/admin/screening">← 诉求甄别</Link>
      </p>
      <h1>
        诉求 {a.trackingNumber} <span className={`badge ${badge}`}>{a.statusLabel}</span>
      </h1>
      <FormMessage ok={actionData?.ok} error={formError} />

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
          <ul>
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

      {assignments.length ? (
        <section className="card" aria-labelledby="assign-heading">
          <h2 id="assign-heading" style={{ marginTop: 0 }}>
            承办单位
          </h2>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">单位</th>
                  <th scope="col">职责</th>
                  <th scope="col">交办时间</th>
                  <th scope="col">交办人</th>
                </tr>
              </thead>
              <tbody>
                {assignments.map((x) => (
                  <tr key={x.id}>
                    <td>{x.organisation}</td>
                    <td>
                      {x.role}
                      {x.ended ? <span className="hint">({x.ended} 结束)</span> : null}
                    </td>
                    <td>{x.assigned}</td>
                    <td>{x.by ?? "系统"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {screening ? <ScreeningActions screening={screening} reply={reply} /> : null}

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading" style={{ marginTop: 0 }}>
          办理记录
        </h2>
        <ol className="timeline" aria-label="办理记录">
          {history.map((e) => (
            <li key={e.id}>
              <div>
                <strong>{e.action}</strong>
                {e.to ? (
                  <span className="hint">
                    {" "}
                    {e.from ? `${e.from} → ` : ""}
                    {e.to}
                  </span>
                ) : null}
              </div>
              <div className="hint">
                {e.at} · {e.actor}
              </div>
              {e.reason ? <div>原因:{e.reason}</div> : null}
              {e.note ? <div className="hint">告知企业:{e.note}</div> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
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
          <Field
            id={cityFields.leadId.id}
            label="牵头部门"
            errors={cityFields.leadId.errors}
            hint={screening.suggestedLeadId ? "已按诉求类别预填建议牵头部门,可更改。" : "该类别未设置建议牵头部门。"}
          >
            <select
              id={cityFields.leadId.id}
              name="leadId"
              value={leadId}
              onChange={(e) => setLeadId(e.target.value)}
              aria-invalid={cityFields.leadId.errors ? true : undefined}
            >
              <option value="">请选择</option>
              {screening.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </Field>
          <fieldset
            className="field"
            style={{ border: "1px solid var(--line)", borderRadius: 6, padding: "0.5rem 0.75rem" }}
          >
            <legend style={{ fontWeight: 600 }}>协办部门(可多选)</legend>
            <div
              style={{
                display: "grid",
                gridTemplateColumns: "repeat(auto-fill, minmax(11rem, 1fr))",
                gap: "0.25rem 1rem",
              }}
            >
              {screening.departments
                .filter((d) => String(d.id) !== leadId)
                .map((d) => (
                  <label
                    key={d.id}
                    style={{ fontWeight: "normal", display: "flex", gap: "0.4rem", alignItems: "center" }}
                  >
                    <input type="checkbox" name="coIds" value={d.id} style={{ width: "auto", minHeight: 0 }} />
                    {d.name}
                  </label>
                ))}
            </div>
            {cityFields.coIds.errors?.length ? (
              <span className="field-error" role="alert">
                {cityFields.coIds.errors.join(";")}
              </span>
            ) : null}
          </fieldset>
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
