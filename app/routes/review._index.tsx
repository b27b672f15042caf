import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CHANNEL_LABEL, REGISTRY_CHECK_LABEL, STATUS_LABEL } from "~/domain/appeal";
import { formatInstantZh } from "~/domain/calendar";
import { appealForRegistryReview, countRegistryReview, registryReviewQueue } from "~/models/screening.server";
import { ErrorPage } from "~/root";
import { registryRegionChoices } from "~/services/registry-review.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "企业信息核实 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["registry_reviewer"]);
  const db = getDb();
  const done = new URL(request.url).searchParams.get("done");
  const [rows, total, regions, decided] = await Promise.all([
    registryReviewQueue(db),
    countRegistryReview(db),
    registryRegionChoices(db),
    done && /^ZT\d{14,}$/.test(done) ? appealForRegistryReview(db, done) : Promise.resolve(undefined),
  ]);
  const regionLabel = (code: string | null) =>
    code ? (regions.find((r) => r.code === code)?.label ?? `本市以外(${code})`) : "未登记";
  return {
    total,
    done:
      decided && decided.status !== "registry_review"
        ? `诉求 ${done} 已核实处理,当前状态:${STATUS_LABEL[decided.status]}。`
        : null,
    rows: rows.map((r) => ({
      id: r.id,
      trackingNumber: r.trackingNumber,
      received: formatInstantZh(r.receivedAt),
      channel: CHANNEL_LABEL[r.channel],
      creditCode: r.creditCode,
      enterpriseName: r.enterpriseName,
      registry: r.registryName ? { name: r.registryName, region: regionLabel(r.registryRegionCode) } : null,
      reason: REGISTRY_CHECK_LABEL[r.registryCheck],
    })),
  };
}

export default function RegistryReviewQueue() {
  const { rows, total, done } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>企业信息核实</h1>
      <p className="muted">
        以下诉求的企业信息与法人库不一致(代码未登记、名称不符或校验位不符),请逐件核实:确认企业身份(关联或新增法人库登记),或写明原因不予受理。核实结果将告知企业。
      </p>
      {done ? (
        <div className="alert alert--ok" role="status">
          {done}
        </div>
      ) : null}
      {rows.length === 0 ? (
        <div className="card" role="status">
          <p>目前没有待核实的诉求。</p>
        </div>
      ) : (
        <>
          <p className="muted" role="status" data-testid="review-count">
            待核实 {total} 件,按受理先后排列{total > rows.length ? `(显示最早的 ${rows.length} 件)` : ""}
          </p>
          <div className="table-wrap">
            <table className="table" style={{ minWidth: "44rem" }}>
              <caption className="muted" style={{ textAlign: "left" }}>
                待核实诉求
              </caption>
              <thead>
                <tr>
                  <th scope="col">受理编号</th>
                  <th scope="col">诉求填报的企业</th>
                  <th scope="col">法人库登记</th>
                  <th scope="col">待核实原因</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link to={`/review/${r.trackingNumber}`}>{r.trackingNumber}</Link>
                      <div className="hint">
                        {r.received} · {r.channel}
                      </div>
                    </td>
                    <td>
                      <div>{r.enterpriseName}</div>
                      <div className="hint">{r.creditCode}</div>
                    </td>
                    <td>
                      {r.registry ? (
                        <>
                          <div>{r.registry.name}</div>
                          <div className="hint">{r.registry.region}</div>
                        </>
                      ) : (
                        <span className="muted">法人库中无此代码</span>
                      )}
                    </td>
                    <td>
                      <span className="badge badge--warn">{r.reason}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
