import { DocumentLinks } from "~/components/document-links";
import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { AuditList } from "~/components/audit-list";
import { Field, FormMessage } from "~/components/field";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { auditActionLabel } from "~/domain/labels";
import type { Db } from "~/models/audit.server";
import { auditHistory } from "~/models/audit.server";
import { catalogOf, catalogTexts, sentCatalogCycle, type CatalogItem } from "~/models/catalog.server";
import { listRoster } from "~/models/cycle.server";
import { ErrorPage } from "~/root";
import { confirmLeaderSchema } from "~/schemas/catalog";
import { confirmLeader } from "~/services/catalog.server";
import { requireRole } from "~/utils/auth.server";
import { auditItems } from "~/utils/audit-view";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `第${data.cycle.number}期企业问题目录 · 直通车` : "企业问题目录 · 直通车" },
];

const NOT_SENT = "没有找到该期的企业问题目录,或目录尚未报送市政府办公室。";

// ——— Shared with the office's catalog page (admin.cycles.$number_.catalog) ———

/** One catalog item as both pages show it. */
export interface CatalogEntry {
  id: number;
  number: number;
  trackingNumber: string;
  title: string;
  enterpriseName: string;
  regionName: string | null;
  categoryName: string;
  leadName: string | null;
  summary: string;
  reply: string | null;
  countyOpinion: string | null;
  /** First or last of its group (lead department and category): it cannot move further that way. */
  firstInGroup: boolean;
  lastInGroup: boolean;
}

type Texts = Awaited<ReturnType<typeof catalogTexts>>;

/** The items (already in catalog order) with their texts, as plain data for the page. */
export function catalogEntries(items: CatalogItem[], texts: Texts): CatalogEntry[] {
  const group = (i: CatalogItem | undefined) => (i ? `${i.leadOrder}:${i.categoryPosition}` : null);
  return items.map((i, k) => ({
    id: i.id,
    number: i.number,
    trackingNumber: i.trackingNumber,
    title: i.title,
    enterpriseName: i.enterpriseName,
    regionName: i.regionName,
    categoryName: i.categoryName,
    leadName: i.leadName,
    summary: i.summary,
    reply: texts.get(i.appealId)?.reply ?? null,
    countyOpinion: texts.get(i.appealId)?.countyOpinion ?? null,
    firstInGroup: group(items[k - 1]) !== group(i),
    lastInGroup: group(items[k + 1]) !== group(i),
  }));
}

/** What the catalog's header says about sending: when it was due, whether and when it was sent, and lateness. */
export function sendingFacts(c: { catalogDueAt: Date; catalogSentAt: Date | null }, at: Date) {
  return {
    due: formatInstantZh(c.catalogDueAt),
    sent: c.catalogSentAt ? formatInstantZh(c.catalogSentAt) : null,
    late: c.catalogSentAt ? c.catalogSentAt > c.catalogDueAt : at > c.catalogDueAt,
  };
}

export function SendingStatus({ facts }: { facts: ReturnType<typeof sendingFacts> }) {
  return (
    <>
      {facts.sent ? (
        <span className="badge badge--ok" data-testid="catalog-status">
          已报送
        </span>
      ) : (
        <span className="badge badge--grey" data-testid="catalog-status">
          未报送
        </span>
      )}{" "}
      {facts.sent ? <span>{facts.sent}</span> : null}{" "}
      {facts.late ? (
        <span className="badge badge--red" data-testid="catalog-late">
          {facts.sent ? "逾期报送" : "已逾期"}
        </span>
      ) : null}
    </>
  );
}

/** The items under their lead department's heading, then their category's, in catalog order. */
export function CatalogGroups({
  entries,
  render,
}: {
  entries: CatalogEntry[];
  render: (e: CatalogEntry) => ReactNode;
}) {
  const departments: { name: string; categories: { name: string; entries: CatalogEntry[] }[] }[] = [];
  for (const e of entries) {
    const lead = e.leadName ?? "尚未确定牵头部门";
    let d = departments[departments.length - 1];
    if (!d || d.name !== lead) {
      d = { name: lead, categories: [] };
      departments.push(d);
    }
    const c = d.categories[d.categories.length - 1];
    if (c && !e.firstInGroup) c.entries.push(e);
    else d.categories.push({ name: e.categoryName, entries: [e] });
  }
  return (
    <>
      {departments.map((d) => (
        <section key={d.name} className="catalog-group" aria-label={d.name} data-testid="catalog-department">
          <h2 className="catalog-group__title">
            {d.name} <span className="count-pill">{d.categories.reduce((n, c) => n + c.entries.length, 0)}</span>
          </h2>
          {d.categories.map((c) => (
            <section key={c.name} className="catalog-category" aria-label={`${d.name} · ${c.name}`}>
              <h3 className="catalog-category__title">{c.name}</h3>
              {c.entries.map((e) => render(e))}
            </section>
          ))}
        </section>
      ))}
    </>
  );
}

/** The item's heading and facts; the tracking number links to the appeal where the reader may open it. */
export function EntryHeading({ entry, appealHref }: { entry: CatalogEntry; appealHref?: string }) {
  return (
    <>
      <h4 id={`item-${entry.id}`} className="catalog-item__title">
        <span className="catalog-item__number">第{entry.number}号</span> {entry.title}
      </h4>
      <p className="catalog-item__meta">
        {appealHref ? <Link to={appealHref}>{entry.trackingNumber}</Link> : <span>{entry.trackingNumber}</span>}
        <span>{entry.enterpriseName}</span>
        {entry.regionName ? <span>{entry.regionName}</span> : null}
        <span>{entry.categoryName}</span>
      </p>
    </>
  );
}

/** The lead department's reply and the county's opinion, folded. */
export function EntryTexts({ entry }: { entry: CatalogEntry }) {
  if (!entry.reply && !entry.countyOpinion) return <p className="hint">牵头部门尚未答复办理意见。</p>;
  return (
    <details className="catalog-item__texts">
      <summary>
        {[entry.reply ? "部门答复意见" : null, entry.countyOpinion ? "县区意见" : null].filter(Boolean).join("与")}
      </summary>
      {entry.reply ? (
        <>
          <h5>{entry.leadName ?? "牵头部门"}答复意见</h5>
          <p className="reply-body">{entry.reply}</p>
        </>
      ) : null}
      {entry.countyOpinion ? (
        <>
          <h5>县区意见</h5>
          <p className="reply-body">{entry.countyOpinion}</p>
        </>
      ) : null}
    </details>
  );
}

const CATALOG_ACTIONS: readonly string[] = ["catalog.compiled", "catalog.sent", "leader.confirmed"];

/** The cycle's catalog history: compiled, sent, leader confirmed. */
export async function catalogHistory(db: Db, cycleId: number) {
  const rows = (await auditHistory(db, "cycle", cycleId)).filter((r) => CATALOG_ACTIONS.includes(r.action));
  return auditItems(rows, (r) => {
    const label = auditActionLabel("cycle", r.action);
    const to = (r.to_value ?? {}) as { added?: number; items?: number; late?: boolean; name?: string };
    if (r.action === "catalog.compiled") return `${label}:新增 ${to.added} 项`;
    if (r.action === "catalog.sent") return `${label}:共 ${to.items} 项${to.late ? "(逾期报送)" : ""}`;
    return `${label}:${to.name ?? ""}`;
  });
}

// ——— The government office's page ———

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["government_office", "platform_admin"]);
  const db = getDb();
  const cycle = await sentCatalogCycle(db, intParam(params.number, { message: NOT_SENT }));
  invariantResponse(cycle, NOT_SENT, 404);
  const items = await catalogOf(db, cycle.id);
  const [texts, roster, history] = await Promise.all([
    catalogTexts(
      db,
      items.map((i) => i.appealId),
    ),
    listRoster(db, "leader"),
    catalogHistory(db, cycle.id),
  ]);
  return {
    cycle: {
      number: cycle.number,
      month: cycle.month,
      onsite: formatDateZh(cycle.onsiteDate),
      sending: sendingFacts(cycle, now()),
      leaderId: cycle.leaderId,
      leader: cycle.leaderName ? `${cycle.leaderName}(${cycle.leaderTitle})` : null,
      leaderConfirmed: cycle.leaderConfirmedAt ? formatInstantZh(cycle.leaderConfirmedAt) : null,
      confirmedBy: cycle.confirmedBy,
    },
    entries: catalogEntries(items, texts),
    leaders: roster.filter((r) => r.active).map((r) => ({ id: r.id, label: `${r.name}(${r.title})` })),
    mayConfirm: user.role === "government_office",
    history,
  };
}

type ActionData = { reply: SubmissionResult<string[]>; ok: string | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["government_office"]);
  const db = getDb();
  const cycle = await sentCatalogCycle(db, intParam(params.number, { message: NOT_SENT }));
  invariantResponse(cycle, NOT_SENT, 404);
  const submission = parseWithZod(await request.formData(), { schema: confirmLeaderSchema });
  if (submission.status !== "success")
    return Response.json({ reply: submission.reply(), ok: null } satisfies ActionData, { status: 400 });
  const out = await confirmLeader(db, {
    cycleId: cycle.id,
    leaderId: submission.value.leaderId,
    actorId: user.id,
    now: now(),
  });
  if (!out.ok) {
    const reply = out.field
      ? submission.reply({ fieldErrors: { [out.field]: [out.error] } })
      : submission.reply({ formErrors: [out.error] });
    return Response.json({ reply, ok: null } satisfies ActionData, { status: 400 });
  }
  return Response.json({ reply: submission.reply(), ok: out.message } satisfies ActionData);
}

function LeaderForm({ data }: { data: ReturnType<typeof useLoaderData<typeof loader>> }) {
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "confirm-leader",
    lastResult: actionData?.reply,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: confirmLeaderSchema }),
    shouldValidate: "onSubmit",
    defaultValue: { leaderId: data.cycle.leaderId ? String(data.cycle.leaderId) : "" },
  });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)} aria-label="确认出席市领导">
      <input type="hidden" name="intent" value="leader" />
      {form.errors?.length ? (
        <div className="alert alert--error" role="alert" style={{ margin: 0, flexBasis: "100%" }}>
          {form.errors.join(";")}
        </div>
      ) : null}
      <Field id={fields.leaderId.id} label="出席市领导" errors={fields.leaderId.errors}>
        <select {...getSelectProps(fields.leaderId)}>
          <option value="">请选择</option>
          {data.leaders.map((l) => (
            <option key={l.id} value={l.id}>
              {l.label}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="button" disabled={busy}>
        {busy ? "正在保存…" : "确认出席市领导"}
      </button>
    </Form>
  );
}

export default function CatalogRead() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const c = data.cycle;
  return (
    <>
      <p>
        <Link to="/catalogs">← 问题目录</Link>
      </p>
      <h1>
        第{c.number}期企业问题目录({c.month})
      </h1>
      <FormMessage ok={actionData?.ok} />
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
          </dd>
          <dt>目录条目</dt>
          <dd>{data.entries.length} 项</dd>
          <dt>出席市领导</dt>
          <dd data-testid="catalog-leader">
            {c.leader ?? <span className="muted">尚未指定</span>}{" "}
            {c.leaderConfirmed ? (
              <span className="badge badge--ok">已确认</span>
            ) : (
              <span className="badge badge--warn">待确认</span>
            )}
            {c.leaderConfirmed ? (
              <div className="hint">
                {c.confirmedBy ?? "市政府办公室"}于{c.leaderConfirmed}确认
              </div>
            ) : null}
          </dd>
        </dl>
        <DocumentLinks cycleNumber={c.number} />
      </section>

      {data.mayConfirm ? (
        <section className="card" aria-labelledby="leader-title">
          <h2 id="leader-title" style={{ marginTop: 0 }}>
            确认出席市领导
          </h2>
          <p className="hint">平台已按名单轮换预填出席市领导。请确认;需要更换的,选择名单中的另一位市领导后确认。</p>
          <LeaderForm data={data} />
        </section>
      ) : null}

      <section aria-label="目录条目">
        {data.entries.length === 0 ? (
          <p className="card muted">本期目录没有条目。</p>
        ) : (
          <CatalogGroups
            entries={data.entries}
            render={(e) => (
              <article key={e.id} className="catalog-item" aria-labelledby={`item-${e.id}`} data-testid="catalog-item">
                <EntryHeading entry={e} />
                <p className="catalog-item__summary">{e.summary}</p>
                <EntryTexts entry={e} />
              </article>
            )}
          />
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
