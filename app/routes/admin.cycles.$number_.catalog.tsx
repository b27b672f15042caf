import { DocumentLinks } from "~/components/document-links";
import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuditList } from "~/components/audit-list";
import { Field, FormMessage } from "~/components/field";
import { formatDateZh } from "~/domain/calendar";
import { catalogCycle, catalogOf, catalogTexts } from "~/models/catalog.server";
import { ErrorPage } from "~/root";
import { catalogActionSchema, summarySchema } from "~/schemas/catalog";
import { compileCatalog, moveItem, sendCatalog, updateSummary, type CatalogResult } from "~/services/catalog.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import {
  catalogEntries,
  catalogHistory,
  CatalogGroups,
  EntryHeading,
  EntryTexts,
  SendingStatus,
  sendingFacts,
  type CatalogEntry,
} from "./catalogs.$number";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `第${data.cycle.number}期企业问题目录 · 期次管理` : "企业问题目录 · 期次管理" },
];

const NOT_FOUND = "没有这一期,请先在期次管理中生成该年期次。";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["platform_admin"]);
  const db = getDb();
  const cycle = await catalogCycle(db, intParam(params.number, { message: NOT_FOUND }));
  invariantResponse(cycle, NOT_FOUND, 404);
  const items = await catalogOf(db, cycle.id);
  const [texts, history] = await Promise.all([
    catalogTexts(
      db,
      items.map((i) => i.appealId),
    ),
    catalogHistory(db, cycle.id),
  ]);
  return {
    cycle: {
      number: cycle.number,
      month: cycle.month,
      onsite: formatDateZh(cycle.onsiteDate),
      sending: sendingFacts(cycle, now()),
      sentBy: cycle.sentBy,
      agendaApproved: cycle.agendaStatus === "approved",
    },
    entries: catalogEntries(items, texts),
    history,
  };
}

type ActionData = {
  reply: SubmissionResult<string[]>;
  ok: string | null;
  error: string | null;
  /** The item whose form answered, so its message shows beside it rather than at the top. */
  itemId: number | null;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["platform_admin"]);
  const db = getDb();
  const cycle = await catalogCycle(db, intParam(params.number, { message: NOT_FOUND }));
  invariantResponse(cycle, NOT_FOUND, 404);
  const formData = await request.formData();
  const rawItem = Number(formData.get("itemId"));
  const itemId = Number.isSafeInteger(rawItem) && rawItem > 0 ? rawItem : null;
  const submission = parseWithZod(formData, { schema: catalogActionSchema });
  if (submission.status !== "success")
    return Response.json(
      { reply: submission.reply(), ok: null, error: "填写的内容有误,请按提示修改。", itemId } satisfies ActionData,
      { status: 400 },
    );
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
  if (!out.ok) {
    const reply = out.field
      ? submission.reply({ fieldErrors: { [out.field]: [out.error] } })
      : submission.reply({ formErrors: [out.error] });
    return Response.json({ reply, ok: null, error: out.error, itemId } satisfies ActionData, {
      status: out.field ? 400 : 409,
    });
  }
  return Response.json({ reply: submission.reply(), ok: out.message, error: null, itemId } satisfies ActionData);
}

function useCatalogAction() {
  return useActionData<typeof action>() as ActionData | undefined;
}

function busyWith(navigation: ReturnType<typeof useNavigation>, intent: string, itemId?: number) {
  const f = navigation.state === "submitting" ? navigation.formData : undefined;
  return Boolean(f && f.get("intent") === intent && (itemId === undefined || Number(f.get("itemId")) === itemId));
}

function MoveButtons({ entry }: { entry: CatalogEntry }) {
  const busy = busyWith(useNavigation(), "move", entry.id);
  if (entry.firstInGroup && entry.lastInGroup) return null;
  return (
    <Form method="post" preventScrollReset className="catalog-item__move" aria-label={`调整第${entry.number}号的顺序`}>
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name="itemId" value={entry.id} />
      <button
        type="submit"
        name="direction"
        value="up"
        className="button button--secondary"
        disabled={entry.firstInGroup || busy}
        aria-label={`第${entry.number}号上移`}
      >
        上移
      </button>
      <button
        type="submit"
        name="direction"
        value="down"
        className="button button--secondary"
        disabled={entry.lastInGroup || busy}
        aria-label={`第${entry.number}号下移`}
      >
        下移
      </button>
    </Form>
  );
}

function SummaryForm({ entry }: { entry: CatalogEntry }) {
  const actionData = useCatalogAction();
  const mine = actionData?.itemId === entry.id && actionData.reply.initialValue?.intent === "summary";
  const busy = busyWith(useNavigation(), "summary", entry.id);
  const [form, fields] = useForm({
    id: `summary-${entry.id}`,
    lastResult: mine ? actionData?.reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: summarySchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    defaultValue: { summary: entry.summary },
  });
  return (
    <Form method="post" preventScrollReset className="catalog-item__summary-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="summary" />
      <input type="hidden" name="itemId" value={entry.id} />
      {form.errors?.length ? (
        <div className="alert alert--error" role="alert" style={{ margin: 0 }}>
          {form.errors.join(";")}
        </div>
      ) : null}
      <Field id={fields.summary.id} label={`第${entry.number}号问题摘要`} errors={fields.summary.errors}>
        <textarea {...getTextareaProps(fields.summary)} rows={3} maxLength={2000} />
      </Field>
      <div className="catalog-item__actions">
        <button type="submit" className="button button--secondary" disabled={busy}>
          {busy ? "正在保存…" : "保存摘要"}
        </button>
      </div>
    </Form>
  );
}

function ItemMessage({ entry }: { entry: CatalogEntry }) {
  const actionData = useCatalogAction();
  if (actionData?.itemId !== entry.id) return null;
  const intent = actionData.reply.initialValue?.intent;
  // A summary's own refusals show at its field; a move's, and every confirmation, here.
  if (actionData.ok)
    return (
      <p className="catalog-item__message" role="status">
        {actionData.ok}
      </p>
    );
  if (intent === "move" && actionData.error)
    return (
      <p className="catalog-item__message field-error" role="alert">
        {actionData.error}
      </p>
    );
  return null;
}

function EditableItem({ entry }: { entry: CatalogEntry }) {
  return (
    <article className="catalog-item" aria-labelledby={`item-${entry.id}`} data-testid="catalog-item">
      <div className="catalog-item__head">
        <div>
          <EntryHeading entry={entry} appealHref={`/admin/appeals/${entry.trackingNumber}`} />
        </div>
        <MoveButtons entry={entry} />
      </div>
      <ItemMessage entry={entry} />
      <SummaryForm entry={entry} />
      <EntryTexts entry={entry} />
    </article>
  );
}

function SendConfirm({ count, late }: { count: number; late: boolean }) {
  const busy = busyWith(useNavigation(), "send");
  return (
    <details className="catalog-send">
      <summary className="button">报送市政府办公室</summary>
      <div className="catalog-send__confirm" role="group" aria-label="确认报送">
        <p>
          将本期目录(共 {count} 项)报送市政府办公室,并以短信通知其查阅目录、确认出席市领导。
          {late ? "已超过报送期限,报送记录将注明逾期。" : ""}请确认摘要和顺序已核对无误。
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="send" />
          <button type="submit" className="button" disabled={busy}>
            {busy ? "正在报送…" : "确认报送"}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={(e) => e.currentTarget.closest("details")?.removeAttribute("open")}
          >
            取消
          </button>
        </Form>
      </div>
    </details>
  );
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
