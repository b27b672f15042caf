import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuditList } from "~/components/audit-list";
import { DecisionFacts } from "~/components/decision-facts";
import { DocumentLinks } from "~/components/document-links";
import { FormMessage } from "~/components/field";
import { DecisionForm, OffAgenda, TaskTable, type OnsiteActionData } from "~/components/onsite-record";
import { agendaCycle } from "~/models/catalog.server";
import { ErrorPage } from "~/root";
import { onsiteActionSchema } from "~/schemas/onsite";
import { sendOffAgendaAnswer } from "~/services/off-agenda.server";
import { recordDecision, submitOpinions } from "~/services/opinions.server";
import { requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { onsiteRecordView } from "~/services/views/onsite-record.server";
import { intParam } from "~/utils/params.server";
import { invalidResponse, stepResponse } from "~/utils/step-response.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `第${data.cycle.number}期现场处理意见 · 直通车` : "现场处理意见 · 直通车" },
];

const NOT_FOUND = "没有找到该期次。";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const db = getDb();
  const cycle = await agendaCycle(db, intParam(params.number, { message: NOT_FOUND }));
  invariantResponse(cycle, NOT_FOUND, 404);
  return onsiteRecordView(db, cycle, now());
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireArea(request, "office");
  const db = getDb();
  const cycle = await agendaCycle(db, intParam(params.number, { message: NOT_FOUND }));
  invariantResponse(cycle, NOT_FOUND, 404);
  const submission = parseWithZod(await request.formData(), { schema: onsiteActionSchema });
  const itemIdRaw = submission.payload.itemId;
  const itemId = typeof itemIdRaw === "string" && /^\d+$/.test(itemIdRaw) ? Number(itemIdRaw) : null;
  if (submission.status !== "success") return invalidResponse(submission, { itemId });
  const v = submission.value;
  const at = now();
  const out =
    v.intent === "decision"
      ? await recordDecision(db, {
          itemId: v.itemId,
          decision: v.decision,
          leadId: v.leadId,
          coIds: v.coIds,
          dueDate: v.dueDate,
          actorId: user.id,
          now: at,
        })
      : v.intent === "send"
        ? await sendOffAgendaAnswer(db, { itemId: v.itemId, actorId: user.id, now: at })
        : await submitOpinions(db, { cycleId: cycle.id, actorId: user.id, now: at });
  return stepResponse(submission, out, { itemId });
}

export default function OnsiteRecord() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as OnsiteActionData | undefined;
  const c = data.cycle;
  const editable = c.agendaApproved && c.status === "draft";
  const missing = data.issues.filter((i) => !i.decision).length;
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to={`/admin/cycles/${c.number}`}>← 第{c.number}期</Link>
      </p>
      <h1>第{c.number}期现场处理意见</h1>
      {actionData && (actionData.itemId === null || !data.issues.some((i) => i.itemId === actionData.itemId)) ? (
        <FormMessage ok={actionData.ok} error={actionData.error} />
      ) : null}
      <section className="card" aria-labelledby="opinions-facts">
        <h2 id="opinions-facts" style={{ marginTop: 0 }}>
          概况{" "}
          <span
            className={`badge ${c.status === "approved" ? "badge--ok" : "badge--grey"}`}
            data-testid="opinions-status"
          >
            {c.statusLabel}
          </span>
        </h2>
        <dl className="facts">
          <dt>现场活动日</dt>
          <dd>{c.onsite}</dd>
          <dt>出席市领导</dt>
          <dd>{c.leader ?? <span className="muted">尚未指定</span>}</dd>
          <dt>承诺公布期限</dt>
          <dd>{c.commitmentsDue}</dd>
          <dt>现场议题</dt>
          <dd>
            {data.issues.length} 项{missing ? `,尚有 ${missing} 项未记录处理意见` : ""}
          </dd>
        </dl>
        <DocumentLinks cycleNumber={c.number} documents={["opinions"]} />
        {editable && data.issues.length > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="submit" />
            <button type="submit" className="button" disabled={busy || missing > 0}>
              报送市领导审定
            </button>
            {missing > 0 ? <span className="hint"> 每个议题记录处理意见后才能报送。</span> : null}
          </Form>
        ) : null}
      </section>

      {data.returnedRemarks ? (
        <p className="alert alert--warn" role="note" data-testid="returned-remarks">
          市领导退回修改:{data.returnedRemarks}
        </p>
      ) : null}
      {!c.agendaApproved ? (
        <p className="alert alert--warn" role="note">
          本期议程尚未经市领导审定,审定后才能记录现场处理意见。
        </p>
      ) : null}
      {c.status === "submitted" ? (
        <p className="alert alert--warn" role="note">
          处理意见已报送市领导审定,审定前不能修改。
        </p>
      ) : null}

      {data.issues.length === 0 ? (
        <div className="card" role="status">
          <p style={{ margin: 0 }}>本期没有现场议题。</p>
        </div>
      ) : (
        data.issues.map((i) => (
          <section key={i.itemId} className="card" aria-labelledby={`issue-${i.itemId}`} data-testid="onsite-issue">
            <h2 id={`issue-${i.itemId}`} style={{ marginTop: 0 }}>
              第{i.number}号 {i.title}
            </h2>
            <p className="hint">
              {i.slotStart && i.slotEnd ? `${i.slotStart}—${i.slotEnd} · ` : ""}
              {i.enterpriseName} · {i.trackingNumber}
            </p>
            <p className="reply-body">{i.summary}</p>
            {editable ? (
              <DecisionForm
                issue={i}
                departments={data.departments}
                onsiteDate={c.onsiteDate}
                actionData={actionData}
              />
            ) : (
              <DecisionFacts decision={i.decision} />
            )}
          </section>
        ))
      )}

      {data.tasks.length ? <TaskTable tasks={data.tasks} /> : null}

      {data.offAgenda.length ? <OffAgenda rows={data.offAgenda} /> : null}

      {data.history.length ? (
        <section className="card">
          <h2 style={{ marginTop: 0 }}>审定记录</h2>
          <AuditList items={data.history} />
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
