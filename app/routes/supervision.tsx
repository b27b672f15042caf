import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ColumnTable, type Column } from "~/components/column-table";
import { cycleOptions, FilterSelect, nameOptions } from "~/components/filter-select";
import { FormMessage } from "~/components/field";
import type { BoardView } from "~/models/supervision.server";
import { ErrorPage } from "~/root";
import { urgeTask } from "~/services/supervision.server";
import { supervisionPage } from "~/services/views/supervision-page.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { INT4_MAX, queryInt } from "~/utils/params";
import { parseQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "督查督办 · 直通车" }];

const ROLES = ["supervisor", "platform_admin"] as const;

const VIEW_LABEL: Record<BoardView, string> = { late: "已逾期", due_soon: "即将到期", all: "全部未办结" };

const filterSchema = z.object({
  view: z.enum(["late", "due_soon", "all"]).catch("late"),
  cycle: queryInt(),
  org: queryInt(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ROLES);
  return supervisionPage(user, parseQuery(filterSchema, new URL(request.url).searchParams));
}

const urgeSchema = z.object({
  taskId: z.coerce.number().int().positive().max(INT4_MAX),
  note: z.string().trim().max(500, "督办意见不超过500字").default(""),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supervisor"]);
  const parsed = urgeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return Response.json(
      { ok: null, error: parsed.error.issues[0]?.message ?? "表单已失效,请刷新页面" },
      { status: 400 },
    );
  const out = await urgeTask(getDb(), { ...parsed.data, userId: user.id, now: now() });
  return out.ok
    ? Response.json({ ok: out.message, error: null })
    : Response.json({ ok: null, error: out.error }, { status: 409 });
}

const LEVEL_BADGE: Record<string, string> = {
  none: "badge--grey",
  reminder: "badge--warn",
  yellow: "badge--warn",
  red: "badge--red",
};

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

const lateCount = (n: number) => (n ? <span className="badge badge--red">{n}</span> : 0);

const CLOCK_COLUMNS: Column<Page["clocks"][number]>[] = [
  { header: "单位", cell: (c) => c.name },
  { header: "未完成", cell: (c) => c.open },
  { header: "即将到期", cell: (c) => c.dueSoon },
  { header: "已逾期", cell: (c) => lateCount(c.late) },
];

/** The board's tasks; the supervisor urges a task owed an urging with its own form. */
function boardColumns(mayUrge: boolean, busy: boolean): Column<Page["rows"][number]>[] {
  return [
    {
      header: "诉求",
      cell: (r) => (
        <>
          第{r.cycleNumber}期 · {r.trackingNumber}
          <div className="hint">{r.title}</div>
        </>
      ),
    },
    { header: "牵头部门", cell: (r) => r.organisationName },
    { header: "跟踪事项", cell: (r) => r.trackedLabel },
    {
      header: "期限",
      cell: (r) => (
        <>
          {r.due} <span className={`badge ${LEVEL_BADGE[r.level]}`}>{r.levelLabel}</span>
        </>
      ),
    },
    { header: "状态", cell: (r) => r.stateLabel },
    { header: "已督办", cell: (r) => (r.sentLabels.length ? r.sentLabels.join("、") : "—") },
    {
      header: "督办",
      cell: (r) =>
        mayUrge && r.owedLabel ? (
          <Form method="post" className="stack" aria-label={`督办${r.trackingNumber}`}>
            <input type="hidden" name="taskId" value={r.taskId} />
            <input
              name="note"
              aria-label={`督办意见(${r.trackingNumber})`}
              placeholder="督办意见(可选)"
              maxLength={500}
            />
            <button type="submit" className="button" disabled={busy}>
              发出{r.owedLabel}
            </button>
          </Form>
        ) : (
          <span className="muted">{r.owedLabel ? "—" : "无需督办"}</span>
        ),
    },
  ];
}

export default function Supervision() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { ok: string | null; error: string | null } | undefined;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const ledgerHref = `/supervision/ledger.xlsx${data.filter.cycle ? `?cycle=${data.filter.cycle}` : ""}`;
  return (
    <>
      <h1>督查督办</h1>
      <p className="hint">
        跟踪市领导交办任务的承诺公布和办结期限:期限前1个工作日起可发到期提醒;逾期即黄牌督办;逾期超过3个工作日红牌督办,并通知单位主要负责人。每级督办对同一期限只发一次。
      </p>
      <FormMessage ok={actionData?.ok} error={actionData?.error} />
      <Form method="get" className="inline-form" role="search" aria-label="筛选">
        <div className="field">
          <label htmlFor="f-view">范围</label>
          <select id="f-view" name="view" defaultValue={data.filter.view}>
            {(Object.keys(VIEW_LABEL) as BoardView[]).map((v) => (
              <option key={v} value={v}>
                {VIEW_LABEL[v]}
              </option>
            ))}
          </select>
        </div>
        {[
          {
            id: "f-cycle",
            name: "cycle",
            label: "期次",
            all: "全部期次",
            defaultValue: data.filter.cycle,
            options: cycleOptions(data.cycles),
          },
          {
            id: "f-org",
            name: "org",
            label: "牵头部门",
            all: "全部部门",
            defaultValue: data.filter.org,
            options: nameOptions(data.departments),
          },
        ].map((s) => (
          <FilterSelect key={s.id} {...s} />
        ))}
        <button type="submit" className="button button--secondary">
          查看
        </button>
        <a href={ledgerHref} download className="button button--secondary">
          导出台账(Excel)
        </a>
        <a href={ledgerHref.replace(".xlsx", ".pdf")} download className="button button--secondary">
          打印台账(PDF)
        </a>
      </Form>

      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title" style={{ marginTop: 0 }}>
          各部门情况(未办结 {data.total} 项)
        </h2>
        {data.summary.length === 0 ? (
          <p className="muted">没有未办结的交办任务。</p>
        ) : (
          <ColumnTable
            label="各部门情况"
            layout="cards"
            rowKey={(s) => s.id}
            rowTestId="summary-row"
            rows={data.summary}
            columns={[
              {
                header: "牵头部门",
                cell: (s) => (
                  <Link
                    to={`?${new URLSearchParams({ ...Object.fromEntries(params), org: String(s.id), view: "all" })}`}
                  >
                    {s.name}
                  </Link>
                ),
              },
              { header: "未办结", cell: (s) => s.open },
              { header: "即将到期", cell: (s) => s.dueSoon },
              { header: "已逾期", cell: (s) => lateCount(s.late) },
            ]}
          />
        )}
      </section>

      <section className="card" aria-labelledby="clocks-title">
        <h2 id="clocks-title" style={{ marginTop: 0 }}>
          各单位办理时钟(签收、答复)
        </h2>
        <p className="hint">甄别交办后各部门、县区的签收和答复期限(不分期次)。</p>
        {data.clocks.length === 0 ? (
          <p className="muted">没有未完成的办理时钟。</p>
        ) : (
          <ColumnTable
            label="各单位办理时钟"
            layout="cards"
            rowKey={(c) => c.id}
            rowTestId="clock-row"
            rows={data.clocks}
            columns={CLOCK_COLUMNS}
          />
        )}
        {data.lateClocks.rows.length ? (
          <>
            <h3>
              逾期未完成({data.lateClocks.total} 项,按期限先后列出前 {data.lateClocks.rows.length} 项)
            </h3>
            <ul className="stack-list" aria-label="逾期的办理时钟">
              {data.lateClocks.rows.map((c) => (
                <li key={c.id} data-testid="late-clock">
                  {c.organisationName} · {c.kind} · 期限 {c.due} · {c.trackingNumber} {c.title}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="card" aria-labelledby="rows-title">
        <h2 id="rows-title" style={{ marginTop: 0 }}>
          {VIEW_LABEL[data.filter.view]}({data.rows.length + data.more} 项)
        </h2>
        {data.rows.length === 0 ? (
          <p className="muted" role="status">
            {data.filter.view === "late" ? "没有逾期的任务。" : "没有符合条件的任务。"}
          </p>
        ) : (
          <ColumnTable
            label="督办任务"
            layout="cards"
            rowKey={(r) => r.taskId}
            rowTestId="board-row"
            rows={data.rows}
            columns={boardColumns(data.mayUrge, busy)}
          />
        )}
        {data.more ? <p className="hint">另有 {data.more} 项未显示,请按期次或部门筛选。</p> : null}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
