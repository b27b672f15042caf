import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DecisionFacts } from "~/components/decision-facts";
import { Field, FormMessage } from "~/components/field";
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { OPINIONS_STATUS_LABEL } from "~/domain/tasks";
import { agendaCycle } from "~/models/catalog.server";
import { onsiteRecordOf } from "~/models/onsite.server";
import { DocumentLinks } from "~/components/document-links";
import { ErrorPage } from "~/root";
import { opinionsReviewSchema } from "~/schemas/onsite";
import { approveOpinions, returnOpinions } from "~/services/opinions.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";
import { invalidResponse, stepResponse, type StepData } from "~/utils/step-response.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `审定第${data.cycle.number}期处理意见 · 直通车` : "审定处理意见 · 直通车" },
];

const NOT_FOUND = "没有找到该期次的处理意见,或您不是该期次的出席市领导。";

/** The cycle's handling opinions, for its own leader; null when it is not theirs. */
async function leaderCycle(request: Request, number: string | undefined) {
  const user = await requireRole(request, ["leader"]);
  const cycle = await agendaCycle(getDb(), intParam(number, { message: NOT_FOUND }));
  invariantResponse(cycle && cycle.leaderUserId === user.id, NOT_FOUND, 404);
  return { user, cycle };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await leaderCycle(request, params.number);
  const { issues } = await onsiteRecordOf(getDb(), cycle.id);
  return {
    cycle: {
      number: cycle.number,
      onsite: formatDateZh(cycle.onsiteDate),
      status: cycle.opinionsStatus,
      statusLabel: OPINIONS_STATUS_LABEL[cycle.opinionsStatus],
      approvedAt: cycle.opinionsApprovedAt ? formatInstantZh(cycle.opinionsApprovedAt) : null,
      commitmentsDue: formatInstantZh(cycle.commitmentsDueAt),
    },
    issues: issues.map((i) => ({
      itemId: i.itemId,
      number: i.number,
      title: i.title,
      enterpriseName: i.enterpriseName,
      summary: i.summary,
      decision: i.decision,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, cycle } = await leaderCycle(request, params.number);
  const submission = parseWithZod(await request.formData(), { schema: opinionsReviewSchema });
  if (submission.status !== "success") return invalidResponse(submission);
  const v = submission.value;
  const at = now();
  const out =
    v.intent === "return"
      ? await returnOpinions(getDb(), { cycleId: cycle.id, remarks: v.remarks, userId: user.id, now: at })
      : await approveOpinions(getDb(), { cycleId: cycle.id, userId: user.id, now: at });
  return stepResponse(submission, out, {}, { resetForm: true });
}

function Decide() {
  const actionData = useActionData<typeof action>() as StepData | undefined;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "return-opinions",
    lastResult: actionData?.reply,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: opinionsReviewSchema }),
    shouldValidate: "onSubmit",
  });
  return (
    <section className="card" aria-labelledby="decide-title">
      <h2 id="decide-title" style={{ marginTop: 0 }}>
        审定
      </h2>
      <Form method="post">
        <input type="hidden" name="intent" value="approve" />
        <button type="submit" className="button" disabled={busy}>
          审定同意并交办
        </button>
        <span className="hint"> 同意后,平台将处理意见答复企业,并把任务交牵头部门和市政府督查室。</span>
      </Form>
      <Form method="post" {...getFormProps(form)} className="stack" style={{ marginTop: "1rem" }}>
        <input type="hidden" name="intent" value="return" />
        <Field id={fields.remarks.id} label="退回意见" errors={fields.remarks.errors}>
          <textarea {...getTextareaProps(fields.remarks)} rows={3} maxLength={1000} />
        </Field>
        <div>
          <button type="submit" className="button button--secondary" disabled={busy}>
            退回修改
          </button>
        </div>
      </Form>
    </section>
  );
}

export default function OpinionsReview() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as StepData | undefined;
  const c = data.cycle;
  return (
    <>
      <p>
        <Link to="/agenda">← 现场议程</Link>
      </p>
      <h1>审定第{c.number}期处理意见</h1>
      <FormMessage ok={actionData?.ok} error={actionData?.error} />
      <section className="card" aria-labelledby="facts-title">
        <h2 id="facts-title" style={{ marginTop: 0 }}>
          概况{" "}
          <span
            className={`badge ${c.status === "approved" ? "badge--ok" : "badge--warn"}`}
            data-testid="opinions-status"
          >
            {c.statusLabel}
          </span>
        </h2>
        <dl className="facts">
          <dt>现场活动日</dt>
          <dd>{c.onsite}</dd>
          <dt>承诺公布期限</dt>
          <dd>{c.commitmentsDue}</dd>
          {c.approvedAt ? (
            <>
              <dt>审定时间</dt>
              <dd>{c.approvedAt}</dd>
            </>
          ) : null}
        </dl>
        <DocumentLinks cycleNumber={c.number} documents={["opinions"]} />
      </section>
      {c.status === "draft" ? (
        <p className="alert alert--warn" role="note">
          平台正在整理处理意见,报送后即可审定。
        </p>
      ) : null}
      {data.issues.map((i) => (
        <section key={i.itemId} className="card" aria-labelledby={`issue-${i.itemId}`} data-testid="opinion">
          <h2 id={`issue-${i.itemId}`} style={{ marginTop: 0 }}>
            第{i.number}号 {i.title}
          </h2>
          <p className="hint">{i.enterpriseName}</p>
          <p className="reply-body">{i.summary}</p>
          <DecisionFacts decision={i.decision} />
        </section>
      ))}
      {c.status === "submitted" ? <Decide /> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
