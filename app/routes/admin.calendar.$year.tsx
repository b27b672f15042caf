import { getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuditList } from "~/components/audit-list";
import { Field, FormMessage } from "~/components/field";
import { InputField, IntentForm } from "~/components/intent-form";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { auditActionLabel, CALENDAR_DAY_KIND_LABEL, type CalendarDayKind } from "~/domain/labels";
import { auditHistory, auditHistoryByPrefix } from "~/models/audit.server";
import { calendarDaysBetween, getCalendarYear } from "~/models/calendar.server";
import { calendarActionSchema, dayEditSchema } from "~/schemas/calendar";
import { editCalendarDay, setYearConfirmed } from "~/services/calendar.server";
import { requireArea } from "~/utils/auth.server";
import { auditItems } from "~/utils/audit-view";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { ErrorPage } from "~/root";
import { YEAR_RANGE } from "~/utils/params";
import { intParam } from "~/utils/params.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.year ?? ""}年工作日历 · 直通车` }];

const kindLabel = (kind: string | undefined) =>
  kind && Object.hasOwn(CALENDAR_DAY_KIND_LABEL, kind) ? CALENDAR_DAY_KIND_LABEL[kind as CalendarDayKind] : "";

const parseYear = (raw: string | undefined) => intParam(raw, { ...YEAR_RANGE, message: "年份无效。" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const year = parseYear(params.year);
  const db = getDb();
  const [days, info, dayHistory, yearHistory] = await Promise.all([
    calendarDaysBetween(db, `${year}-01-01`, `${year}-12-31`),
    getCalendarYear(db, year),
    auditHistoryByPrefix(db, "calendar_day", `${year}-`),
    auditHistory(db, "calendar_year", year),
  ]);
  const history = [...dayHistory, ...yearHistory].sort((a, b) => b.at.getTime() - a.at.getTime());
  return {
    year,
    confirmed: info?.confirmed ?? false,
    source: info?.source ?? null,
    confirmedAt: info?.confirmedAt ? formatInstantZh(info.confirmedAt) : null,
    confirmedBy: info?.confirmedByName ?? null,
    days: days.map((d) => ({
      date: d.date,
      label: formatDateZh(d.date),
      kind: d.kind,
      name: d.name,
      source: d.source,
      by: d.updatedByName,
    })),
    history: auditItems(history, (r) => {
      if (!("entityId" in r)) return `${year}年:${auditActionLabel("calendar_year", r.action)}`;
      const to = (r.to_value ?? {}) as { kind?: string; name?: string };
      const from = (r.from_value ?? null) as { kind?: string; name?: string } | null;
      const what = `${r.entityId}:${from ? `${from.name ?? ""}${kindLabel(from.kind)} → ` : ""}${to.name ?? ""}${kindLabel(to.kind)}`;
      return `${auditActionLabel("calendar_day", r.action)} ${what}`;
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireArea(request, "office");
  const year = parseYear(params.year);
  const submission = parseWithZod(await request.formData(), { schema: calendarActionSchema });
  if (submission.status !== "success") return Response.json({ reply: submission.reply(), ok: null }, { status: 400 });
  const v = submission.value;
  const actor = { id: user.id, now: now() };
  let result;
  if (v.intent === "day") {
    if (!v.date.startsWith(`${year}-`)) {
      return Response.json(
        { reply: submission.reply({ fieldErrors: { date: [`请选择${year}年内的日期`] } }), ok: null },
        { status: 400 },
      );
    }
    result = await editCalendarDay(
      getDb(),
      v.kind === "normal"
        ? { date: v.date, kind: "normal", source: v.source }
        : { date: v.date, kind: v.kind, name: v.name!, source: v.source },
      actor,
    );
  } else {
    result = await setYearConfirmed(getDb(), {
      year,
      confirmed: v.intent === "confirm",
      source: v.source || null,
      actorId: user.id,
      now: actor.now,
    });
  }
  if (!result.ok)
    return Response.json({ reply: submission.reply({ formErrors: [result.error] }), ok: null }, { status: 400 });
  const ok =
    v.intent === "day"
      ? `已保存 ${v.date} 的安排${result.cyclesChanged ? `,${result.cyclesChanged} 个尚未举行的期次日程已随之更新` : ""}。`
      : v.intent === "confirm"
        ? `${year}年节假日安排已确认。`
        : `已取消确认${year}年节假日安排,相关日期将显示为暂定。`;
  return Response.json({ reply: submission.reply({ resetForm: v.intent === "day" }), ok });
}

export default function CalendarYear() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const reply = actionData?.reply as { initialValue?: { intent?: string } } | undefined;
  const [form, fields] = useForm({
    id: "day",
    lastResult: reply?.initialValue?.intent === "day" ? actionData?.reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: dayEditSchema }),
    shouldRevalidate: "onInput",
  });
  const yearErrors =
    reply && reply.initialValue?.intent !== "day"
      ? (actionData?.reply as { error?: Record<string, string[]> })?.error?.[""]
      : null;
  return (
    <>
      <p>
        <Link to="/admin/calendar">← 工作日历</Link>
      </p>
      <h1>{data.year}年节假日安排</h1>
      <FormMessage ok={actionData?.ok} error={yearErrors?.join(";")} />
      <section className="card">
        {data.confirmed ? (
          <p>
            <span className="badge badge--ok">已确认</span> 依据:{data.source ?? "—"}
            {data.confirmedAt ? `(${data.confirmedBy ?? "系统"}于${data.confirmedAt}确认)` : ""}
          </p>
        ) : (
          <p>
            <span className="badge badge--warn">暂定</span> {data.year}
            年的官方节假日安排尚未确认:依赖该年的日期均显示为暂定。国务院办公厅通知发布后,请逐日录入放假和调休上班日,再确认本年安排。
          </p>
        )}
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value={data.confirmed ? "unconfirm" : "confirm"} />
          {data.confirmed ? null : (
            <div className="field">
              <label htmlFor="confirm-source">依据通知</label>
              <input
                id="confirm-source"
                name="source"
                defaultValue={data.source ?? `国务院办公厅关于${data.year}年部分节假日安排的通知`}
              />
            </div>
          )}
          <button type="submit" className={data.confirmed ? "button button--secondary" : "button"} disabled={busy}>
            {data.confirmed ? "取消确认" : `确认${data.year}年安排`}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="edit-title">
        <h2 id="edit-title">新增或更正日期</h2>
        <IntentForm form={form} intent="day">
          <InputField
            field={fields.date}
            type="date"
            label="日期"
            min={`${data.year}-01-01`}
            max={`${data.year}-12-31`}
          />
          <Field id={fields.kind.id} label="安排" errors={fields.kind.errors}>
            <select {...getSelectProps(fields.kind)}>
              <option value="">请选择</option>
              <option value="holiday">放假</option>
              <option value="makeup">调休上班(周末上班)</option>
              <option value="normal">恢复为普通日</option>
            </select>
          </Field>
          <InputField field={fields.name} label="节日名称" hint="如:春节、国庆节;恢复为普通日时可不填" />
          <InputField
            field={fields.source}
            label="依据的通知名称"
            placeholder={`国务院办公厅关于${data.year}年部分节假日安排的通知`}
          />
          <button type="submit" className="button" disabled={busy}>
            {busy ? "正在保存…" : "保存"}
          </button>
        </IntentForm>
      </section>

      <section className="card">
        <h2>{data.year}年的放假与调休上班日</h2>
        {data.days.length === 0 ? (
          <p className="muted">本年尚无任何节假日数据。</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">日期</th>
                  <th scope="col">安排</th>
                  <th scope="col">节日</th>
                  <th scope="col">依据</th>
                </tr>
              </thead>
              <tbody>
                {data.days.map((d) => (
                  <tr key={d.date}>
                    <td>{d.label}</td>
                    <td>
                      <span className={`badge ${d.kind === "holiday" ? "badge--red" : "badge--ok"}`}>
                        {kindLabel(d.kind)}
                      </span>
                    </td>
                    <td>{d.name}</td>
                    <td className="hint">
                      {d.source}
                      {d.by ? `(${d.by})` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
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
