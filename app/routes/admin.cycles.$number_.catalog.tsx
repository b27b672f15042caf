import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { AuditList } from "~/components/audit-list";
import { busyWith, EditableItem, SendConfirm, useCatalogAction } from "~/components/catalog-office-forms";
import { CatalogGroups, SendingStatus } from "~/components/catalog-parts";
import { DocumentLinks } from "~/components/document-links";
import { FormMessage } from "~/components/field";
import { catalogCycle, catalogOf } from "~/models/catalog.server";
import { ErrorPage } from "~/root";
import { catalogActionSchema } from "~/schemas/catalog";
import { compileCatalog, moveItem, sendCatalog, updateSummary, type CatalogResult } from "~/services/catalog.server";
import { requireRole } from "~/utils/auth.server";
import { officeCatalogView } from "~/services/views/catalog-page.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { intParam } from "~/utils/params.server";
import { invalidResponse, stepResponse } from "~/utils/step-response.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `第${data.cycle.number}期企业问题目录 · 期次管理` : "企业问题目录 · 期次管理" },
];

const NOT_FOUND = "没有这一期,请先在期次管理中生成该年期次。";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["platform_admin"]);
  const db = getDb();
  const cycle = await catalogCycle(db, intParam(params.number, { message: NOT_FOUND }));
  invariantResponse(cycle, NOT_FOUND, 404);
  return officeCatalogView(db, cycle, now());
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["platform_admin"]);
  const db = getDb();
  const cycle = await catalogCycle(db, intParam(params.number, { message: NOT_FOUND }));
  invariantResponse(cycle, NOT_FOUND, 404);
  const formData = await request.formData();
  const rawItem = Number(formData.get("itemId"));
  const itemId = Number.isSafeInteger(rawItem) && rawItem > 0 ? rawItem : null;
  const submission = parseWithZod(formData, { schema: catalogActionSchema });
  if (submission.status !== "success") return invalidResponse(submission, { itemId });
  const v = submission.value;
  const at = now();
  let out: CatalogResult;
  if (v.intent === "summary" || v.intent === "move") {
    // Only an item of this cycle's catalog, whatever the form says.
    const items = await catalogOf(db, cycle.id);
    invariantResponse(
      items.some((i) => i.id === v.itemId),
      "没有找到该目录条目。",
      404,
    );
    out =
      v.intent === "summary"
        ? await updateSummary(db, { itemId: v.itemId, summary: v.summary, actorId: user.id, now: at })
        : await moveItem(db, { itemId: v.itemId, direction: v.direction, actorId: user.id, now: at });
  } else if (v.intent === "compile") {
    out = await compileCatalog(db, { cycleId: cycle.id, actorId: user.id, now: at });
  } else {
    out = await sendCatalog(db, { cycleId: cycle.id, actorId: user.id, now: at });
  }
  return stepResponse(submission, out, { itemId });
}

export default function OfficeCatalog() {
  const data = useLoaderData<typeof loader>();
  const actionData = useCatalogAction();
  const compiling = busyWith(useNavigation(), "compile");
  const c = data.cycle;
  const topMessage = actionData && actionData.itemId === null ? actionData : null;
  return (
    <>
      <p>
        <Link to={`/admin/cycles/${c.number}`}>← 第{c.number}期</Link>
      </p>
      <h1>
        第{c.number}期企业问题目录({c.month})
      </h1>
      <FormMessage ok={topMessage?.ok} error={topMessage?.error} />

      <section className="card" aria-labelledby="catalog-facts">
        <h2 id="catalog-facts" style={{ marginTop: 0 }}>
          目录概况
        </h2>
        <dl className="facts">
          <dt>现场活动日</dt>
          <dd>{c.onsite}</dd>
          <dt>报送期限</dt>
          <dd>{c.sending.due}</dd>
          <dt>报送情况</dt>
          <dd>
            <SendingStatus facts={c.sending} />
            {c.sentBy ? <span className="hint"> {c.sentBy}</span> : null}
          </dd>
          <dt>目录条目</dt>
          <dd data-testid="catalog-count">{data.entries.length} 项</dd>
        </dl>
        <div className="catalog-actions">
          <Form method="post">
            <input type="hidden" name="intent" value="compile" />
            <button type="submit" className="button button--secondary" disabled={compiling || c.agendaApproved}>
              {compiling ? "正在汇总…" : "汇总本期市级诉求"}
            </button>
          </Form>
          {!c.sending.sent && data.entries.length > 0 ? (
            <SendConfirm count={data.entries.length} late={c.sending.late} />
          ) : null}
        </div>
        <DocumentLinks
          cycleNumber={c.number}
          documents={data.entries.length > 0 ? ["catalog", "agenda"] : ["agenda"]}
        />
        <p className="hint" style={{ marginBottom: 0 }}>
          {c.agendaApproved
            ? "本期议程已经市领导审定,目录不再增补。"
            : "汇总把本期已转市级办理的诉求(含县区提级)纳入目录,编号依次续编、不会改变;之后转为市级的诉求可再次汇总补入。"}
          {c.sending.sent ? "目录报送后仍可修改摘要和顺序,市政府办公室查阅的是最新内容。" : ""}
        </p>
      </section>

      <section aria-label="目录条目">
        {data.entries.length === 0 ? (
          <div className="card" role="status">
            <p style={{ marginTop: 0 }}>
              <strong>本期目录尚无条目。</strong>
            </p>
            <p className="muted" style={{ marginBottom: 0 }}>
              点击“汇总本期市级诉求”,把本期已转市级办理的诉求纳入目录;本期尚无市级诉求时,目录为空,不能报送。
            </p>
          </div>
        ) : (
          <CatalogGroups entries={data.entries} render={(e) => <EditableItem key={e.id} entry={e} />} />
        )}
      </section>

      <section className="card">
        <h2 style={{ marginTop: 0 }}>目录记录</h2>
        <AuditList items={data.history} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
