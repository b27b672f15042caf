import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DeregistrationBadge } from "~/components/deregistration-badge";
import { Pagination } from "~/components/pagination";
import { count, RecentImports } from "~/components/registry-imports";
import { receiveRegistryUpload, startRegistryImport } from "~/services/registry-import.server";
import { requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { listHref } from "~/utils/params";
import { registryPageView } from "~/services/views/registry-page.server";

export const meta: MetaFunction = () => [{ title: "法人库 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  return registryPageView(getDb(), new URL(request.url).searchParams);
}

/** The upload: streamed to disk, checked, and imported in the background while the browser shows its progress. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireArea(request, "office");
  const received = await receiveRegistryUpload(request);
  if (!received.ok) return Response.json({ error: received.error }, { status: 400 });
  const started = await startRegistryImport(getDb(), {
    filePath: received.filePath,
    filename: received.filename,
    actorId: user.id,
    now: now(),
  });
  if (!started.ok) return Response.json({ error: started.error }, { status: 400 });
  // The import runs on after this response; its page follows it. It records its own failure.
  void started.finished;
  return redirect(`/admin/registry/imports/${started.id}`);
}

export default function Registry() {
  const { size, search, imports, busyImportId, maxUploadMb } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const uploading = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "POST";
  const pageHref = (p: number) => listHref("/admin/registry", { q: search.q }, p);
  const totalText = `${count(search.total)}${search.totalCapped ? "+" : ""}`;
  const quotedWords = search.q
    .split(" ")
    .map((w) => `“${w}”`)
    .join("");

  return (
    <>
      <h1>法人库</h1>
      <p className="muted" data-testid="registry-size">
        法人库现有{size.estimated ? "约 " : " "}
        <strong>{count(size.count)}</strong> 家企业。企业登记、窗口和热线登记诉求时按统一社会信用代码与企业名称核对。
      </p>
      <p>
        <a href="#registry-upload-title">上传 CSV 或 XLSX 文件导入法人库</a>
        {imports.length > 0 ? (
          <>
            {" "}
            · <a href="#registry-imports-title">最近的导入</a>
          </>
        ) : null}
      </p>

      <section className="card" aria-labelledby="registry-search-title">
        <h2 id="registry-search-title" style={{ marginTop: 0 }}>
          查找企业
        </h2>
        <Form method="get" action="/admin/registry" className="inline-form" role="search">
          <div className="field" style={{ flex: "1 1 18rem" }}>
            <label htmlFor="registry-q">统一社会信用代码或企业名称</label>
            <input
              id="registry-q"
              name="q"
              type="search"
              defaultValue={search.q}
              placeholder="完整代码、代码开头几位,或名称中的几个字(可用空格分开,如:湘桥 恒达)"
              maxLength={100}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <button type="submit" className="button">
            查找
          </button>
          {search.q ? <Link to="/admin/registry">清除</Link> : null}
        </Form>
      </section>

      {search.rows.length === 0 ? (
        <div className="card" role="status">
          {search.q ? (
            <p>没有找到与“{search.q}”相符的企业。请检查代码是否有误,或只输入名称中的几个字再试。</p>
          ) : (
            <p>法人库还是空的。请在下方上传 CSV 或 XLSX 文件导入企业登记信息。</p>
          )}
        </div>
      ) : (
        <>
          <p className="muted" role="status">
            {search.mode === "all"
              ? "最近导入或登记的企业"
              : search.mode === "code"
                ? `统一社会信用代码以“${search.q}”开头的企业共 ${totalText} 家`
                : search.mode === "prefix"
                  ? `名称以“${search.q}”开头的企业共 ${totalText} 家(只输入一个字时只查找名称开头,输入两个字以上可查找名称中任意位置)`
                  : `名称包含${quotedWords}的企业共 ${totalText} 家`}
            {search.pageCount > 1 ? `,第 ${search.page} / ${search.pageCount} 页` : ""}
            {search.totalCapped ? "(只列出前 10,000 家,请输入更多字缩小范围)" : ""}
          </p>
          <div className="table-wrap">
            <table className="table" style={{ minWidth: "40rem" }}>
              <caption className="muted" style={{ textAlign: "left" }}>
                企业列表
              </caption>
              <thead>
                <tr>
                  <th scope="col">企业名称 / 统一社会信用代码</th>
                  <th scope="col">法定代表人</th>
                  <th scope="col">所属区域</th>
                  <th scope="col">登记状态</th>
                  <th scope="col">成立日期</th>
                </tr>
              </thead>
              <tbody>
                {search.rows.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <div>
                        {e.name}
                        <DeregistrationBadge kind={e.deregistration} />
                      </div>
                      <code>{e.creditCode}</code>
                      {e.codeCheck === "bad_check_character" ? (
                        <>
                          {" "}
                          <span
                            className="badge badge--warn"
                            title="最后一位校验位与 GB 32100-2015 的计算结果不符,请向登记机关核实"
                          >
                            校验位不符
                          </span>
                        </>
                      ) : e.codeCheck === "bad_shape" ? (
                        <>
                          {" "}
                          <span className="badge badge--red">格式不符</span>
                        </>
                      ) : null}
                    </td>
                    <td>{e.legalRepresentative ?? <span className="muted">—</span>}</td>
                    <td>
                      {e.region ?? <span className="muted">—</span>}
                      {e.outsideCity ? (
                        <>
                          {" "}
                          <span className="badge badge--grey">市外</span>
                        </>
                      ) : null}
                    </td>
                    <td>{e.status}</td>
                    <td style={{ whiteSpace: "nowrap" }}>{e.registeredOn ?? <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={search.page} pageCount={search.pageCount} href={pageHref} />
        </>
      )}

      <section className="card" aria-labelledby="registry-upload-title" style={{ marginTop: "1.5rem" }}>
        <h2 id="registry-upload-title" style={{ marginTop: 0 }}>
          导入法人库
        </h2>
        <p className="muted">
          第1行为表头,至少含“统一社会信用代码”“企业名称”两列;可另有“法定代表人”“所属区域代码”“地址”“登记状态”“成立日期”。
          按统一社会信用代码更新已有企业、新增其余企业;文件中没有的列保持原值。有问题的行不导入,导入后可下载问题行报告,修正后重新上传。
        </p>
        {busyImportId ? (
          <div className="alert alert--warn" role="status">
            第 {busyImportId} 号导入正在进行,结束后才能上传新文件。
            <Link to={`/admin/registry/imports/${busyImportId}`}>查看进度</Link>
          </div>
        ) : null}
        <Form
          method="post"
          encType="multipart/form-data"
          action="/admin/registry?index"
          className="stack"
          aria-describedby={actionData?.error ? "registry-upload-error" : undefined}
        >
          <div className="field">
            <label htmlFor="registry-file">CSV 或 XLSX 文件</label>
            <input
              id="registry-file"
              name="file"
              type="file"
              required
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby="registry-file-hint"
              aria-invalid={actionData?.error ? true : undefined}
            />
            <span id="registry-file-hint" className="hint">
              CSV 可为 UTF-8 或 GBK 编码;不超过 {maxUploadMb} MB。旧版 .xls 请先在 Excel 中另存为 .xlsx。
            </span>
            {actionData?.error ? (
              <span id="registry-upload-error" className="field-error" role="alert">
                {actionData.error}
              </span>
            ) : null}
          </div>
          <div>
            <button type="submit" className="button" disabled={uploading}>
              {uploading ? "正在上传…" : "上传并导入"}
            </button>
          </div>
        </Form>
      </section>

      <RecentImports imports={imports} />
    </>
  );
}
