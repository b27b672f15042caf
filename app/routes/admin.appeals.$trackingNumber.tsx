import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AppealHistoryCard } from "~/components/appeal-history";
import { FormMessage } from "~/components/field";
import { OfficeAppealFacts } from "~/components/office-appeal-facts";
import { OfficeDecisions, type OfficeActionResult } from "~/components/office-decisions";
import { OfficeHandlingFacts } from "~/components/office-handling-facts";
import { ScreeningDecision } from "~/components/screening-decision";
import { appealIdsByTrackingNumber } from "~/models/screening.server";
import { HANDLING_INTENTS, handlingActionSchema } from "~/schemas/handling";
import { decisionOf, screeningActionSchema } from "~/schemas/screening";
import { officeHandlingDecision } from "~/services/office-decisions.server";
import { screenAppeal } from "~/services/screening.server";
import { APPEAL_NOT_FOUND, officeAppealPage } from "~/services/views/office-appeal.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { invariantResponse } from "~/utils/http.server";
import { stepReply } from "~/utils/step-response.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `诉求 ${data.appeal.trackingNumber} · 平台管理 · 直通车` : "诉求 · 直通车" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["platform_admin"]);
  return officeAppealPage(user, String(params.trackingNumber ?? ""));
}

/** Screening while the appeal is screened; the decisions of handling (HANDLING_INTENTS) after. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["platform_admin"]);
  const db = getDb();
  const a = await appealIdsByTrackingNumber(db, String(params.trackingNumber ?? ""));
  invariantResponse(a, APPEAL_NOT_FOUND, 404);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const ctx = { actorId: user.id, now: now() };
  const invalid = (reply: SubmissionResult<string[]>) => Response.json({ reply, ok: null, intent }, { status: 400 });
  if (HANDLING_INTENTS.includes(intent)) {
    const submission = parseWithZod(formData, { schema: handlingActionSchema });
    if (submission.status !== "success") return invalid(submission.reply());
    const { reply, ok, status } = stepReply(submission, await officeHandlingDecision(db, a.id, submission.value, ctx));
    return Response.json({ reply, ok, intent }, { status });
  }
  const submission = parseWithZod(formData, { schema: screeningActionSchema });
  if (submission.status !== "success") return invalid(submission.reply());
  const { reply, ok, status } = stepReply(submission, await screenAppeal(db, a.id, decisionOf(submission.value), ctx));
  return Response.json({ reply, ok: ok && `已处理:${ok}。`, intent }, { status });
}

export default function OfficeAppeal() {
  const data = useLoaderData<typeof loader>();
  const { appeal: a } = data;
  const actionData = useActionData<typeof action>() as OfficeActionResult;
  const reply = actionData?.reply;
  const handlingResult = Boolean(actionData?.intent && HANDLING_INTENTS.includes(actionData.intent));
  const formError = reply?.error?.[""]?.join(";") ?? null;
  const pending = data.disputes.length > 0 || data.extensions.some((x) => x.open) || data.escalation !== null;
  const badge =
    a.status === "rejected"
      ? "badge--red"
      : a.status === "registry_review" || a.status === "screening" || a.status === "escalation_review"
        ? "badge--warn"
        : "badge--ok";
  return (
    <>
      <p>
        {a.status === "screening" || a.status === "registry_review" || a.status === "rejected" ? (
          <Link to="/admin/screening">← 诉求甄别</Link>
        ) : (
          <Link to="/admin/handling">← 办理协调</Link>
        )}
      </p>
      <h1>
        诉求 {a.trackingNumber} <span className={`badge ${badge}`}>{a.statusLabel}</span>
      </h1>
      {handlingResult ? null : <FormMessage ok={actionData?.ok} error={formError} />}
      <OfficeAppealFacts page={data} pending={pending} />
      {data.assignments.length ? <OfficeHandlingFacts page={data} /> : null}
      {pending || handlingResult ? (
        <OfficeDecisions page={data} result={handlingResult ? actionData : undefined} formError={formError} />
      ) : null}
      {data.screening ? <ScreeningDecision screening={data.screening} reply={reply} /> : null}
      <AppealHistoryCard items={data.history} />
    </>
  );
}
