import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FilterSelect, nameOptions } from "~/components/filter-select";
import { formatDateZh } from "~/domain/calendar";
import { maskPhonesInText } from "~/domain/personal-data";
import { TASK_STATE_LABEL } from "~/domain/tasks";
import {
  COMMITMENTS_PAGE_SIZE,
  commitmentDepartments,
  cyclesWithCommitments,
  publishedCommitments,
} from "~/models/task.server";
import { Pagination } from "~/components/pagination";
import { ErrorPage } from "~/root";
import { commitmentsFilterSchema } from "~/schemas/tasks";
import { getDb } from "~/utils/db.server";
import { parseQuery } from "~/utils/params.server";

export const meta: MetaFunction = () => [
  { title: "办理承诺公开 · 直通车" },
  { name: "description", content: "各期“直通车”现场活动交办事项的办理承诺:责任领导、责任人、完成时限和工作措施。" },
];

/** Shown in place of the name of an enterprise that asked for it to be withheld (SPEC §5). */
const WITHHELD = "(企业要求不公开名称)";

/** Public: the published commitments of a cycle (SPEC §4 step 9, §5), without any contact details. */
export async function loader({ request }: LoaderFunctionArgs) {
  const filter = parseQuery(commitmentsFilterSchema, new URL(request.url).searchParams);
  const db = getDb();
  const cycles = await cyclesWithCommitments(db);
  // The latest cycle with any commitment unless another is asked for; an unknown number shows nothing.
  const cycle = filter.cycle === undefined ? cycles[0] : cycles.find((c) => c.number === filter.cycle);
  const [departments, list] = cycle
    ? await Promise.all([
        commitmentDepartments(db, cycle.id),
        publishedCommitments(db, { cycleId: cycle.id, organisationId: filter.dept, q: filter.q, page: filter.page }),
      ])
    : [[], { total: 0, rows: [] }];
  return {
    cycles: cycles.map((c) => ({ number: c.number, onsite: formatDateZh(c.onsiteDate) })),
    cycle: cycle ? { number: cycle.number, onsite: formatDateZh(cycle.onsiteDate) } : null,
    departments,
    filter: { cycle: filter.cycle ?? null, dept: filter.dept ?? null, q: filter.q ?? "" },
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(list.total / COMMITMENTS_PAGE_SIZE)),
    total: list.total,
    rows: list.rows.map((r) => ({
      id: r.id,
      cycleNumber: r.cycleNumber,
      department: r.departmentName,
      // A public page: a mobile number written into the text shows masked.
      title: maskPhonesInText(r.title),
      enterprise: r.enterpriseName ?? WITHHELD,
      withheld: r.enterpriseName === null,
      leader: maskPhonesInText(r.responsibleLeader ?? ""),
      person: maskPhonesInText(r.responsiblePerson ?? ""),
      deadline: r.committedDeadline ? formatDateZh(r.committedDeadline) : "",
      measures: maskPhonesInText(r.measures ?? ""),
      state: r.state,
      stateLabel: TASK_STATE_LABEL[r.state],
    })),
  };
}

export default function Commitments() {
  const data = useLoaderData<typeof loader>();
  const { filter, cycle } = data;
  const href = (page: number) => {
    const sp = new URLSearchParams();
    if (cycle) sp.set("cycle", String(cycle.number));
    if (filter.dept) sp.set("dept", String(filter.dept));
    if (filter.q) sp.set("q", filter.q);
    if (page > 1) sp.set("page", String(page));
    return `/commitments?${sp.toString()}`;
  };
  const filtered = Boolean(filter.dept || filter.q);
  return (
    <>
      <h1>办理承诺公开</h1>
      <p className="muted">
        {
          "现场活动日后3个工作日内,各牵头部门就市领导交办的事项公布责任领导、责任人、完成时限和工作措施,接受社会监督;企业要求不公开名称的,隐去企业名称。"
        }
      </p>

      {data.cycles.length === 0 ? (
        <div className="card" role="status">
          <p style={{ margin: 0 }}>目前还没有公布的办理承诺。</p>
        </div>
      ) : (
        <>
          <Form
            // Remounted when the address changes, so the fields show the filter in force (e.g. after 清除条件).
            key={`${cycle?.number ?? ""}:${filter.dept ?? ""}:${filter.q}`}
            method="get"
            action="/commitments"
            className="inline-form commitments-filter"
            role="search"
          >
            <div className="field">
              <label htmlFor="commitments-cycle">期次</label>
              <select id="commitments-cycle" name="cycle" defaultValue={cycle?.number ?? ""}>
                {cycle ? null : <option value="">请选择</option>}
                {data.cycles.map((c) => (
                  <option key={c.number} value={c.number}>
                    第{c.number}期({c.onsite})
                  </option>
                ))}
              </select>
            </div>
            <FilterSelect
              id="commitments-dept"
              name="dept"
              label="牵头部门"
              all="全部部门"
              defaultValue={filter.dept}
              options={nameOptions(data.departments)}
            />
            <div className="field commitments-filter__q">
              <label htmlFor="commitments-q">事项标题</label>
              <input id="commitments-q" name="q" type="search" defaultValue={filter.q} placeholder="输入关键词" />
            </div>
            <button type="submit" className="button">
              查询
            </button>
            {filtered ? <Link to={cycle ? `/commitments?cycle=${cycle.number}` : "/commitments"}>清除条件</Link> : null}
          </Form>

          {data.rows.length === 0 ? (
            <div className="card" role="status">
              <p style={{ margin: 0 }}>
                {cycle
                  ? filtered
                    ? `第${cycle.number}期没有符合条件的办理承诺。`
                    : `第${cycle.number}期还没有公布的办理承诺。`
                  : "没有找到该期次的办理承诺,请从列表中选择期次。"}
              </p>
            </div>
          ) : (
            <>
              <p className="muted" role="status" data-testid="commitments-summary">
                第{cycle!.number}期(现场活动日 {cycle!.onsite}):共 {data.total} 项办理承诺
                {data.pageCount > 1 ? `;第 ${data.page} / ${data.pageCount} 页` : ""}
              </p>
              <div className="table-wrap">
                <table className="table table--cards commitments-table" aria-label="办理承诺">
                  <thead>
                    <tr>
                      <th scope="col">期次</th>
                      <th scope="col">牵头部门</th>
                      <th scope="col">事项</th>
                      <th scope="col">企业</th>
                      <th scope="col">责任领导</th>
                      <th scope="col">责任人</th>
                      <th scope="col">完成时限</th>
                      <th scope="col">工作措施</th>
                      <th scope="col">办理状态</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.rows.map((r) => (
                      <tr key={r.id} data-testid="commitment-row">
                        <td data-label="期次" className="commitments-table__nowrap">
                          第{r.cycleNumber}期
                        </td>
                        <td data-label="牵头部门">{r.department}</td>
                        <td data-label="事项">{r.title}</td>
                        <td data-label="企业" className={r.withheld ? "muted" : undefined}>
                          {r.enterprise}
                        </td>
                        <td data-label="责任领导">{r.leader}</td>
                        <td data-label="责任人">{r.person}</td>
                        <td data-label="完成时限" className="commitments-table__nowrap">
                          {r.deadline}
                        </td>
                        <td data-label="工作措施" className="commitments-table__measures">
                          {r.measures}
                        </td>
                        <td data-label="办理状态">
                          <span className={`badge ${r.state === "closed" ? "badge--grey" : "badge--ok"}`}>
                            {r.stateLabel}
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination page={data.page} pageCount={data.pageCount} href={href} />
            </>
          )}
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
