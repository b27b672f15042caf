import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { sentCatalogCycles } from "~/models/catalog.server";
import { ErrorPage } from "~/root";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "企业问题目录 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["government_office", "platform_admin"]);
  const cycles = await sentCatalogCycles(getDb());
  return {
    cycles: cycles.map((c) => ({
      number: c.number,
      month: c.month,
      onsite: formatDateZh(c.onsiteDate),
      sent: formatInstantZh(c.sentAt!),
      late: c.sentAt! > c.dueAt,
      items: Number(c.items ?? 0),
      leader: c.leaderName ? `${c.leaderName}(${c.leaderTitle})` : null,
      leaderConfirmed: c.leaderConfirmedAt !== null,
    })),
  };
}

export default function CatalogIndex() {
  const { cycles } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>企业问题目录</h1>
      <p className="muted">
        平台每期汇总转市级办理的企业诉求及部门答复意见,形成企业问题目录报送市政府办公室;请查阅目录并确认本期出席市领导。
      </p>
      {cycles.length === 0 ? (
        <p className="card" role="status">
          目前还没有报送的问题目录。平台报送后会以短信通知市政府办公室。
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table table--stack" aria-label="已报送的问题目录">
            <thead>
              <tr>
                <th scope="col">期次</th>
                <th scope="col">现场活动日</th>
                <th scope="col">报送时间</th>
                <th scope="col">条目</th>
                <th scope="col">出席市领导</th>
              </tr>
            </thead>
            <tbody>
              {cycles.map((c) => (
                <tr key={c.number} data-testid="catalog-cycle">
                  <td data-label="期次">
                    <Link to={`/catalogs/${c.number}`}>第{c.number}期</Link>
                    <div className="hint">{c.month}</div>
                  </td>
                  <td data-label="现场活动日">{c.onsite}</td>
                  <td data-label="报送时间">
                    <span>
                      {c.sent} {c.late ? <span className="badge badge--red">逾期报送</span> : null}
                    </span>
                  </td>
                  <td data-label="条目">{c.items} 项</td>
                  <td data-label="出席市领导">
                    <span>
                      {c.leader ?? <span className="muted">尚未指定</span>}{" "}
                      {c.leaderConfirmed ? (
                        <span className="badge badge--ok">已确认</span>
                      ) : (
                        <span className="badge badge--warn">待确认</span>
                      )}
                    </span>
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
