import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuditList } from "~/components/audit-list";
import { CatalogGroups, EntryHeading, EntryTexts, SendingStatus } from "~/components/catalog-parts";
import { DocumentLinks } from "~/components/document-links";
import { Field, FormMessage } from "~/components/field";
import { sentCatalogCycle } from "~/models/catalog.server";
import { ErrorPage } from "~/root";
import { confirmLeaderSchema } from "~/schemas/catalog";
import { confirmLeader } from "~/services/catalog.server";
import { requireRole } from "~/utils/auth.server";
import { sentCatalogView } from "~/services/views/catalog-page.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { intParam } from "~/utils/params.server";
import { refusalReply } from "~/utils/step-response.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `第${data.cycle.number}期企业问题目录 · 直通车` : "企业问题目录 · 直通车" },
];

const NOT_SENT = "没有找到该期的企业问题目录,或目录尚未报送市政府办公室。";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["government_office", "platform_admin"]);
  const db = getDb();
  const cycle = await sentCatalogCycle(db, intParam(params.number, { message: NOT_SENT }));
  invariantResponse(cycle, NOT_SENT, 404);
  return sentCatalogView(db, cycle, user.role, now());
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
    return Response.json({ reply: refusalReply(submission, out), ok: null } satisfies ActionData, { status: 400 });
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
