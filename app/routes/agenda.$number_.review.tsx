import { AgendaDay } from "~/components/calendar/agenda-day";
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormMessage } from "~/components/field";
import { ErrorPage } from "~/root";
import { returnAgendaSchema, reviewActionSchema } from "~/schemas/agenda";
import { approveAgenda, returnAgenda } from "~/services/agenda.server";
import { agendaCycleFor, agendaReviewView } from "~/services/views/agenda-page.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import {
  AgendaHeader,
  AgendaHistory,
  IssueGroups,
  IssueReadOnly,
  PickedTable,
  daySlots,
} from "~/components/agenda-parts";
import { invalidResponse, stepResponse, type StepData } from "~/utils/step-response.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `审定第${data.cycle.number}期现场议程 · 直通车` : "审定现场议程 · 直通车" },
];

const NOT_FOUND = "没有找到该期次的议程,或您不是该期次的出席市领导。";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["leader"]);
  const db = getDb();
  const cycle = await agendaCycleFor(db, params.number, user.id, ["leader"], NOT_FOUND);
  return agendaReviewView(db, cycle, now());
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["leader"]);
  const db = getDb();
  const cycle = await agendaCycleFor(db, params.number, user.id, ["leader"], NOT_FOUND);
  const submission = parseWithZod(await request.formData(), { schema: reviewActionSchema });
  if (submission.status !== "success") return invalidResponse(submission);
  const v = submission.value;
  const at = now();
  const out =
    v.intent === "return"
      ? await returnAgenda(db, { cycleId: cycle.id, remarks: v.remarks, userId: user.id, now: at })
      : await approveAgenda(db, { cycleId: cycle.id, userId: user.id, now: at });
  return stepResponse(submission, out, {}, { resetForm: true });
}

function Decide() {
  const actionData = useActionData<typeof action>() as StepData | undefined;
  const busy = useNavigation().state === "submitting";
  const returning = actionData?.reply?.initialValue?.intent === "return";
  const [form, fields] = useForm({
    id: "return-agenda",
    lastResult: returning ? actionData?.reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: returnAgendaSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <section className="card" aria-labelledby="decide-title">
      <h2 id="decide-title" style={{ marginTop: 0 }}>
        审定
      </h2>
      <div className="decision-grid">
        <Form method="post" className="stack decision">
          <input type="hidden" name="intent" value="approve" />
          <p className="hint" style={{ margin: 0 }}>
            同意后议程即确定,平台向列入议题的企业和参加单位发出通知。
          </p>
          <div>
            <button type="submit" className="button" disabled={busy}>
              审定同意
            </button>
          </div>
        </Form>
        <Form method="post" className="stack decision" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="return" />
          {form.errors?.length ? (
            <div className="alert alert--error" role="alert" style={{ margin: 0 }}>
              {form.errors.join(";")}
            </div>
          ) : null}
          <Field
            id={fields.remarks.id}
            label="退回意见"
            errors={fields.remarks.errors}
            hint="写明需要调整的议题、时段或参加单位,由轮值秘书长修改后重新报送。"
          >
            <textarea {...getTextareaProps(fields.remarks)} rows={3} maxLength={1000} />
          </Field>
          <div>
            <button type="submit" className="button button--secondary" disabled={busy}>
              退回修改
            </button>
          </div>
        </Form>
      </div>
    </section>
  );
}

export default function AgendaReview() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as StepData | undefined;
  const { cycle } = data;
  return (
    <>
      <p>
        <Link to="/agenda">← 现场议程</Link>
      </p>
      <h1>审定第{cycle.number}期现场议程</h1>
      <FormMessage ok={actionData?.ok} error={actionData?.error} />
      <AgendaHeader cycle={cycle} />

      {cycle.status === "approved" ? (
        <p className="alert alert--ok" role="note" data-testid="invitations">
          已审定第{cycle.version}版议程,已向有关企业和单位发出通知 {data.invitations ?? 0} 条(短信和邮件)。
        </p>
      ) : cycle.status === "returned" ? (
        <p className="alert alert--warn" role="note">
          议程已退回轮值秘书长修改,重新报送后再审定。
        </p>
      ) : cycle.status === "draft" ? (
        <p className="alert alert--warn" role="note">
          轮值秘书长正在编制议程,报送后即可审定。
        </p>
      ) : null}

      <section className="card" aria-labelledby="picked-title">
        <h2 id="picked-title" style={{ marginTop: 0 }}>
          拟定的现场活动议程(按时间)
        </h2>
        <PickedTable picked={data.picked} />
        <AgendaDay date={cycle.onsiteDate} slots={daySlots(data.picked)} />
      </section>

      {cycle.status === "submitted" ? <Decide /> : null}

      <section className="card" aria-labelledby="issues-title">
        <h2 id="issues-title" style={{ marginTop: 0 }}>
          问题目录与拟办意见({data.issues.length}项)
        </h2>
        {data.issues.length === 0 ? (
          <p className="muted">本期目录尚未汇总。</p>
        ) : (
          <IssueGroups issues={data.issues} render={(issue) => <IssueReadOnly key={issue.id} issue={issue} />} />
        )}
      </section>

      <AgendaHistory history={data.history} />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
