import { Link } from "@remix-run/react";
import type { RegistryPageView } from "~/services/views/registry-page.server";

/** Row counts as the registry pages print them: 12,345. */
export const count = (n: number) => n.toLocaleString("en-US");

/** The latest registry imports, each linking to its own page. */
export function RecentImports({ imports }: { imports: RegistryPageView["imports"] }) {
  return (
    <section className="card" aria-labelledby="registry-imports-title">
      <h2 id="registry-imports-title" style={{ marginTop: 0 }}>
        最近的导入
      </h2>
      {imports.length === 0 ? (
        <p className="muted">还没有导入记录。</p>
      ) : (
        <div className="table-wrap">
          <table className="table" style={{ minWidth: "44rem" }}>
            <thead>
              <tr>
                <th scope="col">编号</th>
                <th scope="col">文件</th>
                <th scope="col">上传</th>
                <th scope="col">状态</th>
                <th scope="col">读取</th>
                <th scope="col">新增</th>
                <th scope="col">更新</th>
                <th scope="col">未导入</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link to={`/admin/registry/imports/${i.id}`} aria-label={`第 ${i.id} 号导入:${i.filename}`}>
                      第 {i.id} 号
                    </Link>
                  </td>
                  <td style={{ wordBreak: "break-all" }}>{i.filename}</td>
                  <td>
                    {i.createdAt}
                    {i.createdByName ? <div className="muted">{i.createdByName}</div> : null}
                  </td>
                  <td>
                    <span className={`badge ${i.statusBadge}`}>{i.statusLabel}</span>
                  </td>
                  <td>{count(i.rowsRead)}</td>
                  <td>{count(i.rowsInserted)}</td>
                  <td>{count(i.rowsUpdated)}</td>
                  <td>{i.rowsRejected > 0 ? <strong>{count(i.rowsRejected)}</strong> : "0"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
