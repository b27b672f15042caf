import { AgendaDay } from "~/components/calendar/agenda-day";
import { DocumentLinks } from "~/components/document-links";
import { getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuditList } from "~/components/audit-list";
import { CycleFacts, ProvisionalNote } from "~/components/cycle-facts";
import { Field, FormMessage } from "~/components/field";
import { InputField, IntentForm } from "~/components/intent-form";
import { bookingAnnouncement } from "~/domain/announcement";
import { localDateOf } from "~/domain/calendar";
import { auditActionLabel } from "~/domain/labels";
import { auditHistory } from "~/models/audit.server";
import { listRoster } from "~/models/cycle.server";
import { agendaDayOf } from "~/models/catalog.server";
import { assignPeopleSchema, cycleActionSchema, moveOnsiteSchema } from "~/schemas/cycles";
import { assignPeople, moveOnsiteDate } from "~/services/cycles.server";
import { scheduledCycle } from "~/services/schedule.server";
import { requireArea } from "~/utils/auth.server";
import { auditItems } from "~/utils/audit-view";
import { CITY } from "~/utils/city";
import { now } from "~/utils/clock.server";
import { cycleView } from "~/utils/cycle-view";
import { getDb } from "~/utils/db.server";
import { ErrorPage } from "~/root";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `第${data.cycle.number}期 · 期次管理` : "期次管理" },
];

type Dates = { onsiteDate?: string; bookingOpensAt?: string; bookingClosesAt?: string };

async function load(params: LoaderFunctionArgs["params"]) {
  const message = "没有这一期,请先在期次管理中生成该年期次。";
  const c = await scheduledCycle(getDb(), intParam(params.number, { message }));
  invariantResponse(c && c.id !== null, message, 404);
  return { c, id: c.id };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const { c, id } = await load(params);
  const db = getDb();
  const [roster, history, agendaDay] = await Promise.all([
    listRoster(db),
    auditHistory(db, "cycle", id),
    agendaDayOf(db, id),
  ]);
  const names = new Map(roster.map((r) => [r.id, `${r.name}(${r.title})`]));
  const at = now();
  return {
    cycle: cycleView(c, at),
    held: c.onsiteDate < localDateOf(at),
    leaderId: roster.find((r) => r.kind === "leader" && c.leader?.name === r.name)?.id ?? null,
    secretaryGeneralId:
      roster.find((r) => r.kind === "secretary_general" && c.secretaryGeneral?.name === r.name)?.id ?? null,
    leaders: roster.filter((r) => r.kind === "leader" && r.active),
    secretaries: roster.filter((r) => r.kind === "secretary_general" && r.active),
    announcement: bookingAnnouncement(c, CITY),
    agendaDay,
    history: auditItems(history, (r) => {
      const label = auditActionLabel("cycle", r.action);
      if (r.action === "people_assigned") {
        const to = r.to_value as { leaderId: number | null; secretaryGeneralId: number | null };
        return `${label}:市领导 ${to.leaderId ? names.get(to.leaderId) : "待定"},秘书长 ${to.secretaryGeneralId ? names.get(to.secretaryGeneralId) : "待定"}`;
      }
      const from = (r.from_value ?? {}) as Dates;
      const to = (r.to_value ?? {}) as Dates;
      if (r.action === "generated") return `${label}:现场活动日 ${to.onsiteDate}`;
      const parts = [];
      if (from.onsiteDate !== to.onsiteDate) parts.push(`现场活动日 ${from.onsiteDate} → ${to.onsiteDate}`);
      if (from.bookingOpensAt !== to.bookingOpensAt)
        parts.push(`预约开放 ${from.bookingOpensAt?.slice(0, 10)} → ${to.bookingOpensAt?.slice(0, 10)}`);
      if (from.bookingClosesAt !== to.bookingClosesAt)
        parts.push(`预约截止 ${from.bookingClosesAt?.slice(0, 10)} → ${to.bookingClosesAt?.slice(0, 10)}`);
      return `${label}${parts.length ? ":" + parts.join(";") : ""}`;
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireArea(request, "office");
  const { id } = await load(params);
  const submission = parseWithZod(await request.formData(), { schema: cycleActionSchema });
  if (submission.status !== "success") {
    return Response.json({ reply: submission.reply(), ok: null }, { status: 400 });
  }
  const v = submission.value;
  const result =
    v.intent === "move"
      ? await moveOnsiteDate(getDb(), {
          cycleId: id,
          onsiteDate: v.onsiteDate,
          reason: v.reason,
          actorId: user.id,
          now: now(),
        })
      : await assignPeople(getDb(), {
          cycleId: id,
          leaderId: v.leaderId,
          secretaryGeneralId: v.secretaryGeneralId,
          actorId: user.id,
          now: now(),
        });
  if (!result.ok)
    return Response.json({ reply: submission.reply({ formErrors: [result.error] }), ok: null }, { status: 400 });
  return Response.json({
    reply: submission.reply({ resetForm: true }),
    ok: v.intent === "move" ? "现场活动日已调整,相关日期已随之更新。" : "出席人员已更新。",
  });
}

export default function AdminCycle() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const reply = actionData?.reply;
  const intentOf = (r: unknown) =>
    (r as { initialValue?: { intent?: string } } | undefined)?.initialValue?.intent ?? null;
  const lastIntent = intentOf(reply);

  const [moveForm, moveFields] = useForm({
    id: "move",
    lastResult: lastIntent === "move" ? reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: moveOnsiteSchema }),
    shouldRevalidate: "onInput",
    defaultValue: { onsiteDate: data.cycle.onsiteDate },
  });
  const [assignForm, assignFields] = useForm({
    id: "assign",
    lastResult: lastIntent === "assign" ? reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: assignPeopleSchema }),
    defaultValue: { leaderId: String(data.leaderId ?? ""), secretaryGeneralId: String(data.secretaryGeneralId ?? "") },
  });
  const c = data.cycle;
  return (
    <>
      <p>
        <Link to={`/admin/cycles?year=${c.month.slice(0, 4)}`}>← 期次管理</Link>
      </p>
      <h1>
        第{c.number}期({c.month})
      </h1>
      <FormMessage ok={actionData?.ok} />
      <ProvisionalNote years={c.provisionalYears} />
      <section className="card">
        <CycleFacts c={c} />
      </section>
      <p>
        <Link to={`/admin/cycles/${c.number}/catalog`}>企业问题目录 →</Link> ·{" "}
        <Link to={`/admin/cycles/${c.number}/onsite`}>现场处理意见 →</Link>
      </p>
      <section className="card" aria-labelledby="day-title">
        <h2 id="day-title" style={{ marginTop: 0 }}>
          现场活动日安排
        </h2>
        {data.agendaDay.slots.length === 0 ? (
          <p className="muted">轮值秘书长尚未安排现场议题的时段。</p>
        ) : (
          <AgendaDay date={c.onsiteDate} slots={data.agendaDay.slots} />
        )}
        <DocumentLinks
          cycleNumber={c.number}
          documents={data.agendaDay.catalogSize > 0 ? ["catalog", "agenda"] : ["agenda"]}
        />
      </section>

      <div className="grid">
        <section className="card" aria-labelledby="move-title">
          <h2 id="move-title">调整现场活动日</h2>
          {data.held ? (
            <p className="muted">本期现场活动已于{c.onsite}举行,不能再调整。</p>
          ) : (
            <>
              <p className="hint">
                本期的预约截止、目录报送、议程审定、承诺公布日期及下一期的预约开放时间将随之重新计算。
              </p>
              <IntentForm form={moveForm} intent="move">
                <InputField field={moveFields.onsiteDate} type="date" label="新的现场活动日" />
                <Field id={moveFields.reason.id} label="调整原因" errors={moveFields.reason.errors}>
                  <textarea {...getTextareaProps(moveFields.reason)} rows={2} />
                </Field>
                <button type="submit" className="button" disabled={busyIntent === "move"}>
                  {busyIntent === "move" ? "正在保存…" : "保存调整"}
                </button>
              </IntentForm>
            </>
          )}
        </section>

        <section className="card" aria-labelledby="assign-title">
          <h2 id="assign-title">出席市领导与轮值秘书长</h2>
          <p className="hint">生成期次时已按名单顺序轮换预填,可在此调整。</p>
          <IntentForm form={assignForm} intent="assign">
            <Field id={assignFields.leaderId.id} label="出席市领导" errors={assignFields.leaderId.errors}>
              <select {...getSelectProps(assignFields.leaderId)}>
                <option value="">待定</option>
                {data.leaders.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}({l.title})
                  </option>
                ))}
              </select>
            </Field>
            <Field
              id={assignFields.secretaryGeneralId.id}
              label="轮值秘书长/副秘书长"
              errors={assignFields.secretaryGeneralId.errors}
            >
              <select {...getSelectProps(assignFields.secretaryGeneralId)}>
                <option value="">待定</option>
                {data.secretaries.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}({s.title})
                  </option>
                ))}
              </select>
            </Field>
            <button type="submit" className="button" disabled={busyIntent === "assign"}>
              {busyIntent === "assign" ? "正在保存…" : "保存人员"}
            </button>
          </IntentForm>
        </section>
      </div>

      <section className="announcement" aria-labelledby="ann-title">
        <p className="hint">预约公告(预览;预约开放时自动在公开页面发布:{c.opens})</p>
        <h2 id="ann-title">{data.announcement.title}</h2>
        {data.announcement.paragraphs.map((p) => (
          <p key={p}>{p}</p>
        ))}
        <p style={{ textAlign: "right" }}>{data.announcement.signature}</p>
      </section>

      <section className="card">
        <h2>变更记录</h2>
        <AuditList items={data.history} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
