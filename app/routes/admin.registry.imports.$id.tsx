import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { formatInstant } from "~/domain/calendar";
import { formatFileSize } from "~/domain/file-size";
import { REGISTRY_FIELD_LABEL, REGISTRY_FIELDS } from "~/domain/registry-row";
import { getRegistryImport, IMPORT_STATUS_BADGE, IMPORT_STATUS_LABEL } from "~/models/registry.server";
import { requireArea } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `第 ${data.id} 号导入 · 法人库 · 直通车` : "法人库导入 · 直通车" },
];

const NOT_FOUND = "没有找到这次导入。";
const SAMPLE_SIZE = 20;
/** How often the page asks for the import's counters while it runs. */
const POLL_MS = 1_000;

const short = (d: Date | null) => (d ? formatInstant(d).slice(0, 19).replace("T", " ") : null);
const count = (n: number) => n.toLocaleString("en-US");

const idParam = (value: string | undefined) => intParam(value, { message: NOT_FOUND });

/** The stored row as the cells of the standard columns (older or damaged rows as they are). */
function cellsOf(raw: string): string[] {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed)) return parsed.map((c) => String(c ?? ""));
  } catch {
    // not JSON: shown as it is
  }
  return [raw];
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const i = await getRegistryImport(getDb(), idParam(params.id), SAMPLE_SIZE);
  invariantResponse(i, NOT_FOUND, 404);
  const bytesTotal = i.bytesTotal ?? 0;
  const bytesRead = i.status === "done" ? bytesTotal : Math.min(i.bytesRead, bytesTotal);
  return {
    id: i.id,
    filename: i.filename,
    format: i.format.toUpperCase(),
    status: i.status,
    statusLabel: IMPORT_STATUS_LABEL[i.status],
    statusBadge: IMPORT_STATUS_BADGE[i.status],
    active: i.status === "queued" || i.status === "running",
    bytesTotal,
    bytesRead,
    percent: bytesTotal > 0 ? Math.floor((bytesRead / bytesTotal) * 100) : 0,
    rowsRead: i.rowsRead,
    rowsInserted: i.rowsInserted,
    rowsUpdated: i.rowsUpdated,
    rowsRejected: i.rowsRejected,
    rowsFlagged: i.rowsFlagged,
    rowsUnchanged: Math.max(0, i.rowsRead - i.rowsInserted - i.rowsUpdated - i.rowsRejected),
    error: i.error,
    createdAt: short(i.createdAt)!,
    createdByName: i.createdByName,
    finishedAt: short(i.finishedAt),
    sample: i.sample.map((r) => ({
      rowNumber: r.rowNumber,
      content: cellsOf(r.raw)
        .filter((c) => c !== "")
        .join(" | "),
      reason: r.reason,
    })),
    columns: REGISTRY_FIELDS.map((f) => REGISTRY_FIELD_LABEL[f]).join("、"),
  };
}

/** Ask for fresh counters a second after the last answer, for as long as the import runs. */
function usePolling(active: boolean) {
  const { state, revalidate } = useRevalidator();
  useEffect(() => {
    if (!active || state !== "idle") return;
    const timer = setTimeout(() => {
      if (document.visibilityState !== "hidden") revalidate();
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [active, state, revalidate]);
}

export default function RegistryImport() {
  const i = useLoaderData<typeof loader>();
  usePolling(i.active);
  const problems = i.rowsRejected + i.rowsFlagged;

  return (
    <>
      <p>
        <Link to="/admin/registry">← 返回法人库</Link>
      </p>
      <h1>第 {i.id} 号导入</h1>
      {i.error ? (
        <div className="alert alert--error" role="alert">
          <strong>导入失败:</strong>
          {i.error}
        </div>
      ) : null}
      {i.status === "done" ? (
        <div className="alert alert--ok" role="status">
          导入完成:读取 {count(i.rowsRead)} 行,新增 {count(i.rowsInserted)} 家,更新 {count(i.rowsUpdated)} 家
          {i.rowsRejected > 0 ? `,${count(i.rowsRejected)} 行有问题未导入` : ""}
          {i.rowsFlagged > 0 ? `,${count(i.rowsFlagged)} 家统一社会信用代码校验位不符(已导入,请核实)` : ""}。
        </div>
      ) : null}

      <section className="card" aria-labelledby="import-status-title">
        <h2 id="import-status-title" style={{ marginTop: 0 }}>
          <span aria-live="polite">
            状态:<span className={`badge ${i.statusBadge}`}>{i.statusLabel}</span>
          </span>
        </h2>
        <dl className="facts">
          <dt>文件</dt>
          <dd style={{ wordBreak: "break-all" }}>
            {i.filename}({i.format},{formatFileSize(i.bytesTotal)})
          </dd>
          <dt>上传</dt>
          <dd>
            {i.createdAt}
            {i.createdByName ? `,${i.createdByName}` : ""}
          </dd>
          {i.finishedAt ? (
            <>
              <dt>{i.status === "failed" ? "中止" : "完成"}</dt>
              <dd>{i.finishedAt}</dd>
            </>
          ) : null}
        </dl>

        <div className="progress-block">
          <div className="progress-block__label">
            <span id="import-progress-label">读取进度</span>
            <span>
              {formatFileSize(i.bytesRead)} / {formatFileSize(i.bytesTotal)}({i.percent}%)
            </span>
          </div>
          <div
            className={`progress${i.status === "failed" ? " progress--failed" : ""}`}
            role="progressbar"
            aria-labelledby="import-progress-label"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={i.percent}
            aria-valuetext={`${i.percent}%`}
          >
            <div className="progress__bar" style={{ width: `${i.percent}%` }} />
          </div>
          {i.active ? (
            <p className="hint" style={{ margin: "0.25rem 0 0" }}>
              正在导入,本页每秒自动刷新;可以离开本页,导入会继续进行。
            </p>
          ) : null}
        </div>

        <dl className="counts" aria-label="导入统计">
          <div>
            <dt>已读取</dt>
            <dd data-testid="rows-read">{count(i.rowsRead)} 行</dd>
          </div>
          <div>
            <dt>新增</dt>
            <dd data-testid="rows-inserted">{count(i.rowsInserted)}</dd>
          </div>
          <div>
            <dt>更新</dt>
            <dd data-testid="rows-updated">{count(i.rowsUpdated)}</dd>
          </div>
          <div>
            <dt>未变化</dt>
            <dd data-testid="rows-unchanged">{count(i.rowsUnchanged)}</dd>
          </div>
          <div>
            <dt>未导入(有问题)</dt>
            <dd data-testid="rows-rejected">{count(i.rowsRejected)}</dd>
          </div>
          <div>
            <dt>校验位不符(已导入)</dt>
            <dd data-testid="rows-flagged">{count(i.rowsFlagged)}</dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="import-problems-title">
        <h2 id="import-problems-title" style={{ marginTop: 0 }}>
          问题行
        </h2>
        {problems === 0 && i.sample.length === 0 ? (
          <p className="muted">
            {i.active ? "到目前为止没有发现问题行。" : i.status === "failed" ? "没有记录问题行。" : "没有问题行。"}
          </p>
        ) : (
          <>
            <p>
              <a href={`/admin/registry/imports/${i.id}/rejects`} className="button button--secondary" download>
                下载问题行报告(CSV)
              </a>
            </p>
            <p className="hint">
              报告列出每个问题行的行号、原始内容和原因,并按{i.columns}
              分列;在 Excel 中修正后可直接重新上传(行号、原始内容、原因三列会被忽略)。
              {i.active ? "导入仍在进行,报告只含已读取部分。" : ""}
            </p>
            <div className="table-wrap">
              <table className="table">
                <caption className="muted" style={{ textAlign: "left" }}>
                  {problems > i.sample.length
                    ? `前 ${i.sample.length} 个问题行(共 ${count(problems)} 个,全部见报告)`
                    : `共 ${i.sample.length} 个问题行`}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">行号</th>
                    <th scope="col">原因 / 原始内容</th>
                  </tr>
                </thead>
                <tbody>
                  {i.sample.map((r) => (
                    <tr key={r.rowNumber}>
                      <td>{r.rowNumber}</td>
                      <td>
                        <div>{r.reason}</div>
                        <div className="hint" style={{ wordBreak: "break-all" }}>
                          {r.content || "(空行)"}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}
