import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { agendaDeadlineState } from "~/domain/agenda";
import { formatDateZh, formatInstantZh, localDateOf } from "~/domain/calendar";
import { agendaCyclesOf } from "~/models/catalog.server";
import { ErrorPage } from "~/root";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { AGENDA_STATUS_LABEL } from "~/domain/labels";
import { AGENDA_STATUS_BADGE } from "~/components/agenda-parts";

export const meta: MetaFunction = () => [{ title: "现场议程 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["secretary_general", "leader"]);
  const at = now();
  const cycles = await agendaCyclesOf(getDb(), user.id);
  return {
    cycles: cycles.map((c) => ({
      number: c.number,
      onsite: formatDateZh(c.onsiteDate),
      due: formatInstantZh(c.dueAt),
      deadline: agendaDeadlineState(c.status, c.dueAt, c.onsiteDate, at, localDateOf(at)),
      status: c.status,
      version: c.version,
      opinionsStatus: c.opinionsStatus,
      asSecretary: c.sgUserId === user.id,
      asLeader: c.leaderUserId === user.id,
      sgName: c.sgName,
      leaderName: c.leaderName,
    })),
  };
}

export default function AgendaIndex() {
  const { cycles } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>现场议程</h1>
      <p className="muted">
        轮值秘书长对本期目录中的每个问题提出拟办意见,选定现场活动议题、时段和参加单位,报送出席市领导审定;审定后平台通知有关企业和单位。
      </p>
      {cycles.length === 0 ? (
        <p className="card">目前没有指定您负责的期次。期次的出席市领导和轮值秘书长由平台在期次管理中指定。</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--cards" aria-label="我负责的期次">
            <thead>
              <tr>
                <th scope="col">期次</th>
                <th scope="col">现场活动日</th>
                <th scope="col">我的职责</th>
                <th scope="col">议程状态</th>
                <th scope="col">报送审定期限</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {cycles.map((c) => (
                <tr key={c.number} data-testid="agenda-cycle">
                  <td data-label="期次">
                    <Link to={`/agenda/${c.number}`}>第{c.number}期</Link>
                  </td>
                  <td data-label="现场活动日">{c.onsite}</td>
                  <td data-label="我的职责">
                    {[c.asSecretary ? "轮值秘书长" : null, c.asLeader ? "出席市领导" : null].filter(Boolean).join("、")}
                  </td>
                  <td data-label="议程状态">
                    <span className={`badge ${AGENDA_STATUS_BADGE[c.status]}`}>{AGENDA_STATUS_LABEL[c.status]}</span>
                    {c.version > 0 ? <span className="hint"> 第{c.version}版</span> : null}
                  </td>
                  <td data-label="报送期限">
                    {c.due}{" "}
                    {c.deadline === "late" ? (
                      <span className="badge badge--red">已逾期</span>
                    ) : c.deadline === "lapsed" ? (
                      <span className="badge badge--grey">现场活动日已过,议程未审定</span>
                    ) : null}
                  </td>
                  <td data-label="操作">
                    {c.asLeader && c.status === "submitted" ? (
                      <Link to={`/agenda/${c.number}/review`} className="button">
                        审定议程
                      </Link>
                    ) : c.asSecretary ? (
                      <Link to={`/agenda/${c.number}`}>{c.status === "submitted" ? "查看" : "编制议程"}</Link>
                    ) : (
                      <Link to={`/agenda/${c.number}/review`}>查看</Link>
                    )}
                    {c.asLeader && c.opinionsStatus !== "draft" ? (
                      <div>
                        <Link to={`/agenda/${c.number}/opinions`}>
                          {c.opinionsStatus === "submitted" ? "审定处理意见" : "处理意见"}
                        </Link>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
