import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/field";
import { formatInstantZh } from "~/domain/calendar";
import { offAgendaAnswers } from "~/models/onsite.server";
import { ErrorPage } from "~/root";
import { offAgendaAnswerSchema } from "~/schemas/onsite";
import { answerOffAgenda } from "~/services/off-agenda.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";

export const meta: MetaFunction = () => [{ title: "未上会问题答复 · 直通车" }];

/** The department's issues of the catalog that were not taken on site, to answer by the cycle's time. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["department"]);
  const rows = await offAgendaAnswers(getDb(), { organisationId: user.organisationId });
  const at = now();
  return {
    rows: rows.map((x) => ({
      itemId: x.itemId,
      number: x.number,
      cycleNumber: x.cycleNumber,
      trackingNumber: x.trackingNumber,
      title: x.title,
      enterpriseName: x.enterpriseName,
      summary: x.summary,
      body: x.body ?? "",
      due: formatInstantZh(x.dueAt),
      late: x.answeredAt ? x.onTime === false : at > x.dueAt,
      answered: x.answeredAt ? formatInstantZh(x.answeredAt) : null,
      sent: x.sentAt ? formatInstantZh(x.sentAt) : null,
    })),
  };
}

type ActionData = { reply: SubmissionResult<string[]>; ok: string | null; itemId: number | null };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["department"]);
  const submission = parseWithZod(await request.formData(), { schema: offAgendaAnswerSchema });
  const raw = submission.payload.itemId;
  const itemId = typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : null;
  if (submission.status !== "success")
    return Response.json({ reply: submission.reply(), ok: null, itemId } satisfies ActionData, { status: 400 });
  const out = await answerOffAgenda(getDb(), {
    itemId: submission.value.itemId,
    organisationId: user.organisationId,
    body: submission.value.body,
    userId: user.id,
    now: now(),
  });
  if (!out.ok)
    return Response.json(
      {
        reply: submission.reply(
          out.field ? { fieldErrors: { [out.field]: [out.error] } } : { formErrors: [out.error] },
        ),
        ok: null,
        itemId,
      } satisfies ActionData,
      { status: out.field ? 400 : 409 },
    );
  return Response.json({ reply: submission.reply(), ok: out.message, itemId } satisfies ActionData);
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

function AnswerForm({ row }: { row: Row }) {
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const mine = actionData?.itemId === row.itemId;
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: `answer-${row.itemId}`,
    lastResult: mine ? actionData?.reply : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: offAgendaAnswerSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="stack" aria-label={`答复第${row.number}号问题`}>
      <input type="hidden" name="itemId" value={row.itemId} />
      {mine && form.errors?.length ? (
        <div className="alert alert--error" role="alert">
          {form.errors.join(";")}
        </div>
      ) : null}
      <Field id={fields.body.id} label="答复内容" errors={fields.body.errors}>
        <textarea {...getTextareaProps(fields.body)} defaultValue={row.body} rows={4} maxLength={3000} />
      </Field>
      <div>
        <button type="submit" className="button" disabled={busy}>
          {row.answered ? "修改答复" : "提交答复"}
        </button>{" "}
        {mine && actionData?.ok ? <span role="status">{actionData.ok}</span> : null}
      </div>
    </Form>
  );
}

export default function OffAgendaAnswers() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/tasks">← 交办任务</Link>
      </p>
      <h1>未上会问题答复</h1>
      <p className="hint">
        本单位牵头、未列入现场活动议题的问题,请于现场活动日后第3个工作日24:00前答复;平台审核后转送企业,转送后不能再修改。
      </p>
      {rows.length === 0 ? (
        <div className="card" role="status">
          <p style={{ margin: 0 }}>没有需要答复的问题。</p>
        </div>
      ) : (
        rows.map((r) => (
          <section key={r.itemId} className="card" aria-labelledby={`q-${r.itemId}`} data-testid="offagenda-item">
            <h2 id={`q-${r.itemId}`} style={{ marginTop: 0 }}>
              第{r.cycleNumber}期第{r.number}号 {r.title}
            </h2>
            <p className="hint">
              {r.enterpriseName} · {r.trackingNumber} · 答复期限 {r.due}{" "}
              {r.late ? <span className="badge badge--red">逾期</span> : null}
            </p>
            <p className="reply-body">{r.summary}</p>
            {r.sent ? (
              <>
                <p>
                  <span className="badge badge--ok">已转送企业</span> <span className="hint">{r.sent}</span>
                </p>
                <p className="reply-body">{r.body}</p>
              </>
            ) : (
              <AnswerForm row={r} />
            )}
          </section>
        ))
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
