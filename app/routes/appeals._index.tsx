import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { STATUS_LABEL } from "~/domain/appeal";
import { formatInstantZh } from "~/domain/calendar";
import { listAppealsForViewer } from "~/models/appeal.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageQuery } from "~/utils/params.server";
import { Pagination } from "~/components/pagination";

export const meta: MetaFunction = () => [{ title: "我的诉求 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["enterprise", "window_clerk", "hotline_operator"]);
  const page = pageQuery(new URL(request.url).searchParams);
  const { total, rows } = await listAppealsForViewer(getDb(), user, page);
  return {
    isEnterprise: user.role === "enterprise",
    page,
    pages: Math.max(1, Math.ceil(total / 20)),
    total,
    rows: rows.map((r) => ({
      trackingNumber: r.trackingNumber,
      title: r.title,
      enterpriseName: r.enterpriseName,
      status: r.status,
      statusLabel: STATUS_LABEL[r.status],
      receivedAt: formatInstantZh(r.receivedAt),
      cycleNumber: r.cycleNumber,
    })),
  };
}

export default function MyAppeals() {
  const { rows, isEnterprise, page, pages, total } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{isEnterprise ? "我的诉求" : "我登记的诉求"}</h1>
      <p>
        <Link className="button" to={isEnterprise ? "/appeals/new" : "/intake/new"}>
          {isEnterprise ? "提交新诉求" : "登记新诉求"}
        </Link>
      </p>
      {rows.length === 0 ? (
        <p className="card muted">{isEnterprise ? "您还没有提交过诉求。" : "您还没有登记过诉求。"}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="muted" style={{ textAlign: "left" }}>
              共 {total} 件
            </caption>
            <thead>
              <tr>
                <th scope="col">受理编号</th>
                <th scope="col">诉求标题</th>
                {isEnterprise ? null : <th scope="col">企业</th>}
                <th scope="col">期次</th>
                <th scope="col">状态</th>
                <th scope="col">受理时间</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.trackingNumber}>
                  <td>
                    <Link to={`/appeals/${r.trackingNumber}`}>{r.trackingNumber}</Link>
                  </td>
                  <td>{r.title}</td>
                  {isEnterprise ? null : <td>{r.enterpriseName}</td>}
                  <td>第{r.cycleNumber}期</td>
                  <td>
                    <span
                      className={`badge ${r.status === "rejected" ? "badge--red" : r.status === "registry_review" ? "badge--warn" : "badge--ok"}`}
                    >
                      {r.statusLabel}
                    </span>
                  </td>
                  <td>{r.receivedAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pages} href={(p) => `?page=${p}`} />
    </>
  );
}
