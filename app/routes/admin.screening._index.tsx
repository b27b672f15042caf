import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { FilterSelect } from "~/components/filter-select";
import { Field } from "~/components/field";
import { Pagination } from "~/components/pagination";
import { CHANNEL_LABEL, dueState, type DueState } from "~/domain/appeal";
import { formatInstant, formatInstantZh } from "~/domain/calendar";
import { listCategories } from "~/models/appeal.server";
import { activeOrganisationsOfKind, cyclesWithScreening, screeningQueue } from "~/models/screening.server";
import {
  BULK_LIMIT,
  bulkScreeningSchema,
  decisionOf,
  OTHER_REASON,
  screeningFilterSchema,
  REJECTION_CHOICES,
  SCREENING_PAGE_SIZE,
} from "~/schemas/screening";
import { screenAppeals } from "~/services/screening.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { parseQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "诉求甄别 · 直通车" }];

/** "11月25日 24:00": the year is the queue's own, the weekday is in the title. */
function shortInstant(d: Date): string {
  const s = formatInstant(d);
  const time = s.slice(11, 19) === "23:59:59" ? "24:00" : s.slice(11, 16);
  return `${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日 ${time}`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["platform_admin"]);
  const filter = parseQuery(screeningFilterSchema, new URL(request.url).searchParams);
  const db = getDb();
  const at = now();
  const [queue, cycles, categories, counties, departments] = await Promise.all([
    screeningQueue(
      db,
      { cycleNumber: filter.cycle, categoryId: filter.category, due: filter.due, q: filter.q },
      at,
      filter.page,
      SCREENING_PAGE_SIZE,
    ),
    cyclesWithScreening(db),
    listCategories(db, false),
    activeOrganisationsOfKind(db, "county"),
    activeOrganisationsOfKind(db, "department"),
  ]);
  return {
    filter: {
      cycle: filter.cycle ? String(filter.cycle) : "",
      category: filter.category ? String(filter.category) : "",
      due: filter.due ?? "",
      q: filter.q ?? "",
    },
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(queue.matching / SCREENING_PAGE_SIZE)),
    counts: queue.counts,
    matching: queue.matching,
    rows: queue.rows.map((r) => ({
      id: r.id,
      trackingNumber: r.trackingNumber,
      received: shortInstant(r.receivedAt),
      receivedFull: formatInstantZh(r.receivedAt),
      channel: CHANNEL_LABEL[r.channel],
      enterpriseName: r.enterpriseName,
      title: r.title,
      category: r.categoryName,
      cycleNumber: r.cycleNumber,
      due: shortInstant(r.screeningDueAt),
      dueFull: formatInstantZh(r.screeningDueAt),
      dueState: dueState(r.screeningDueAt, at),
    })),
    cycles: cycles.map((c) => ({ number: c.number, month: c.month })),
    categories: categories.map((c) => ({ id: c.id, name: c.active ? c.name : `${c.name}(已停用)` })),
    counties: counties.map((c) => ({ id: c.id, name: c.name })),
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["platform_admin"]);
  const submission = parseWithZod(await request.formData(), { schema: bulkScreeningSchema });
  if (submission.status !== "success")
    return Response.json({ reply: submission.reply(), results: null }, { status: 400 });
  const outcomes = await screenAppeals(getDb(), submission.value.ids, decisionOf(submission.value), {
    actorId: user.id,
    now: now(),
  });
  return Response.json({
    reply: submission.reply({ resetForm: true }),
    results: outcomes.map((o) => ({
      appealId: o.appealId,
      ok: o.ok,
      text: o.ok ? o.message : `${o.trackingNumber ?? `诉求#${o.appealId}`}:${o.error}`,
    })),
  });
}

const DUE_BADGE: Record<DueState, { className: string; label: string } | null> = {
  ok: null,
  due_soon: { className: "badge badge--warn", label: "即将到期" },
  late: { className: "badge badge--red", label: "已逾期" },
};

type ActionData = {
  reply?: { error?: Record<string, string[] | null> };
  results: { appealId: number; ok: boolean; text: string }[] | null;
};

export default function ScreeningQueue() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const { filter, counts, rows } = data;
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [intent, setIntent] = useState("");
  const [reasonChoice, setReasonChoice] = useState("");
  const [leadId, setLeadId] = useState("");
  const [form] = useForm({
    id: "bulk",
    lastResult: actionData?.reply as never,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bulkScreeningSchema }),
  });
  const errors = actionData?.reply?.error ?? form.allErrors;

  // After a run, what was screened has left the queue: start afresh (adjusting state to a new action result).
  const [seenResult, setSeenResult] = useState(actionData);
  if (actionData !== seenResult) {
    setSeenResult(actionData);
    if (actionData?.results) {
      setSelected(new Set());
      setIntent("");
      setReasonChoice("");
      setLeadId("");
    }
  }
  // Only appeals shown on this page can be acted on.
  const chosen = rows.filter((r) => selected.has(r.id));

  const filtered = Boolean(filter.cycle || filter.category || filter.due || filter.q);
  const href = (over: Partial<typeof filter> & { page?: number }) => {
    const sp = new URLSearchParams();
    const next = { ...filter, ...over };
    for (const k of ["cycle", "category", "due", "q"] as const) if (next[k]) sp.set(k, next[k]);
    if (over.page && over.page > 1) sp.set("page", String(over.page));
    const s = sp.toString();
    return s ? `/admin/screening?${s}` : "/admin/screening";
  };
  const allSelected = rows.length > 0 && chosen.length === rows.length;
  const toggle = (id: number) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const okCount = actionData?.results?.filter((r) => r.ok).length ?? 0;
  const skipped = actionData?.results?.filter((r) => !r.ok) ?? [];

  return (
    <>
      <h1>诉求甄别</h1>
      <p className="muted">
        平台应在受理后3个工作日内完成甄别:不予受理(写明原因)、转县区办理,或转市直部门办理(一个牵头部门,可加协办部门)。
        <Link to="/admin/categories">诉求类别与建议牵头部门</Link>
      </p>

      <section className="card" aria-label="待甄别统计">
        {filtered ? (
          <p className="hint" style={{ marginTop: 0 }}>
            以下为符合期次、类别和关键词条件的诉求:
          </p>
        ) : null}
        <p className="inline-form" style={{ margin: 0, gap: "1.25rem" }}>
          <Link to={href({ due: "", page: 1 })} data-testid="count-total">
            待甄别 <strong>{counts.total}</strong> 件
          </Link>
          <Link to={href({ due: "due_soon", page: 1 })} data-testid="count-due-soon">
            <span className="badge badge--warn">即将到期</span> <strong>{counts.dueSoon}</strong> 件
          </Link>
          <Link to={href({ due: "late", page: 1 })} data-testid="count-late">
            <span className="badge badge--red">已逾期</span> <strong>{counts.late}</strong> 件
          </Link>
        </p>
      </section>

      <section className="card" aria-labelledby="screening-filter-title">
        <h2 id="screening-filter-title" style={{ marginTop: 0 }}>
          查找
        </h2>
        <Form method="get" action="/admin/screening" className="inline-form" role="search">
          <FilterSelect
            id="f-cycle"
            name="cycle"
            label="期次"
            all="全部期次"
            defaultValue={filter.cycle}
            options={data.cycles.map((c) => ({ value: c.number, label: `第${c.number}期(${c.month})` }))}
          />
          <div className="field">
            <label htmlFor="f-category">诉求类别</label>
            <select id="f-category" name="category" defaultValue={filter.category}>
              <option value="">全部类别</option>
              {data.categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-due">甄别期限</label>
            <select id="f-due" name="due" defaultValue={filter.due}>
              <option value="">全部</option>
              <option value="due_soon">即将到期</option>
              <option value="late">已逾期</option>
              <option value="ok">未到期</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-q">关键词</label>
            <input id="f-q" name="q" type="search" defaultValue={filter.q} placeholder="受理编号、企业或标题" />
          </div>
          <button type="submit" className="button">
            查找
          </button>
          {filtered ? <Link to="/admin/screening">清除条件</Link> : null}
        </Form>
      </section>

      {actionData?.results ? (
        <div
          className={`alert ${skipped.length ? "alert--warn" : "alert--ok"}`}
          role="status"
          data-testid="bulk-results"
        >
          <p style={{ marginTop: 0 }}>
            批量处理完成:{okCount} 件已处理{skipped.length ? `,${skipped.length} 件未处理` : ""}。
          </p>
          <ul style={{ marginBottom: 0 }}>
            {actionData.results.map((r) => (
              <li key={r.appealId}>{r.ok ? r.text : `未处理 ${r.text}`}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {rows.length === 0 ? (
        <div className="card" role="status">
          <p>{filtered ? "没有符合条件的待甄别诉求。" : "目前没有待甄别的诉求。"}</p>
        </div>
      ) : (
        <Form method="post" {...getFormProps(form)}>
          {errors?.ids ? (
            <div className="alert alert--error" role="alert">
              {errors.ids.join(";")}
            </div>
          ) : null}
          <p className="muted" role="status">
            共 {data.matching} 件,按甄别期限排序
            {data.pageCount > 1 ? `,第 ${data.page} / ${data.pageCount} 页` : ""}
          </p>
          <div className="table-wrap">
            <table className="table" style={{ minWidth: "40rem" }}>
              <caption className="muted" style={{ textAlign: "left" }}>
                待甄别诉求
              </caption>
              <thead>
                <tr>
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label="全选本页"
                      checked={allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
                    />
                  </th>
                  <th scope="col">受理编号</th>
                  <th scope="col">诉求</th>
                  <th scope="col">类别</th>
                  <th scope="col">甄别期限</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const badge = DUE_BADGE[r.dueState];
                  return (
                    <tr key={r.id}>
                      <td>
                        <input
                          type="checkbox"
                          name="ids"
                          value={r.id}
                          aria-label={`选择 ${r.trackingNumber}`}
                          checked={selected.has(r.id)}
                          onChange={() => toggle(r.id)}
                        />
                      </td>
                      <td>
                        <Link to={`/admin/appeals/${r.trackingNumber}`}>{r.trackingNumber}</Link>
                        <div className="hint" title={r.receivedFull}>
                          {r.received} 受理 · {r.channel}
                        </div>
                        <div className="hint">第{r.cycleNumber}期</div>
                      </td>
                      <td>
                        <div>{r.title}</div>
                        <div className="hint">{r.enterpriseName}</div>
                      </td>
                      <td>{r.category}</td>
                      <td>
                        <span title={r.dueFull}>{r.due}</span>
                        {badge ? (
                          <div>
                            <span className={badge.className}>{badge.label}</span>
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>

          <fieldset className="card" style={{ marginTop: "1rem" }}>
            <legend>
              <strong>批量处理已勾选的 {chosen.length} 件</strong>
            </legend>
            <div className="stack" style={{ display: "grid", gap: "0.9rem", maxWidth: "36rem" }}>
              <Field id="bulk-intent" label="处理方式" errors={errors?.intent}>
                <select id="bulk-intent" name="intent" value={intent} onChange={(e) => setIntent(e.target.value)}>
                  <option value="">请选择</option>
                  <option value="reject">不予受理</option>
                  <option value="county">转县区办理</option>
                  <option value="city">转市直部门办理</option>
                </select>
              </Field>
              {intent === "reject" ? (
                <>
                  <Field id="bulk-reason" label="不予受理原因" errors={errors?.reasonChoice}>
                    <select
                      id="bulk-reason"
                      name="reasonChoice"
                      value={reasonChoice}
                      onChange={(e) => setReasonChoice(e.target.value)}
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
                    <Field id="bulk-reason-text" label="写明原因" errors={errors?.reasonText}>
                      <textarea id="bulk-reason-text" name="reasonText" rows={3} maxLength={500} />
                    </Field>
                  ) : null}
                </>
              ) : null}
              {intent === "county" ? (
                <Field
                  id="bulk-county"
                  label="承办县区"
                  errors={errors?.countyId}
                  hint="按企业登记地时,登记在市本级的企业须逐件指定县区,将被跳过。"
                >
                  <select id="bulk-county" name="countyId" defaultValue="">
                    <option value="">按企业在法人库的登记地</option>
                    {data.counties.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                </Field>
              ) : null}
              {intent === "city" ? (
                <>
                  <Field
                    id="bulk-lead"
                    label="牵头部门"
                    errors={errors?.leadId}
                    hint="按类别建议时,未设置建议牵头部门的类别将被跳过。"
                  >
                    <select id="bulk-lead" name="leadId" value={leadId} onChange={(e) => setLeadId(e.target.value)}>
                      <option value="">按诉求类别的建议牵头部门</option>
                      {data.departments.map((d) => (
                        <option key={d.id} value={d.id}>
                          {d.name}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <CoDepartments
                    departments={data.departments}
                    leadId={leadId}
                    errors={errors?.coIds}
                    idPrefix="bulk"
                  />
                </>
              ) : null}
              <div>
                <button type="submit" className="button" disabled={busy || chosen.length === 0 || !intent}>
                  {busy ? "正在处理…" : `处理已勾选的 ${chosen.length} 件`}
                </button>
                <span className="hint" style={{ marginLeft: "0.5rem" }}>
                  每件单独处理;已被他人甄别的将跳过并列出。一次最多 {BULK_LIMIT} 件。
                </span>
              </div>
            </div>
          </fieldset>
        </Form>
      )}

      <Pagination page={data.page} pageCount={data.pageCount} href={(page) => href({ page })} />
    </>
  );
}

/** Co-departments (协办部门): any of the departments but the lead. */
function CoDepartments(props: {
  departments: { id: number; name: string }[];
  leadId: string;
  errors?: string[] | null;
  idPrefix: string;
  defaultChecked?: number[];
}) {
  const errorId = `${props.idPrefix}-co-error`;
  return (
    <fieldset
      className="field"
      style={{ border: "1px solid var(--line)", borderRadius: 6, padding: "0.5rem 0.75rem" }}
      aria-describedby={props.errors?.length ? errorId : undefined}
    >
      <legend style={{ fontWeight: 600 }}>协办部门(可多选)</legend>
      <div
        style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(12rem, 1fr))", gap: "0.25rem 1rem" }}
      >
        {props.departments
          .filter((d) => String(d.id) !== props.leadId)
          .map((d) => (
            <label key={d.id} style={{ fontWeight: "normal", display: "flex", gap: "0.4rem", alignItems: "center" }}>
              <input
                type="checkbox"
                name="coIds"
                value={d.id}
                defaultChecked={props.defaultChecked?.includes(d.id)}
                style={{ width: "auto", minHeight: 0 }}
              />
              {d.name}
            </label>
          ))}
      </div>
      {props.errors?.length ? (
        <span id={errorId} className="field-error" role="alert">
          {props.errors.join(";")}
        </span>
      ) : null}
    </fieldset>
  );
}
