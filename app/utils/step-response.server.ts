import type { SubmissionResult } from "@conform-to/react";

/** What a use case answers: done with a message, or refused (on one field, or on the whole form). */
type Outcome = { ok: true; message: string } | { ok: false; error: string; field?: string };

type ReplyOptions = { formErrors?: string[]; fieldErrors?: Record<string, string[]>; resetForm?: boolean };
type Submission = { reply: (options?: ReplyOptions) => SubmissionResult<string[]> };

/** The answer of a page whose forms post to one action: conform's reply and the message above or beside the form. */
export type StepData = { reply: SubmissionResult<string[]>; ok: string | null; error: string | null };

export const INVALID_FORM = "填写的内容有误,请按提示修改。";

/** A refusal as conform's reply: beside its field when it names one, above the form otherwise. */
export function refusalReply(submission: Submission, out: { error: string; field?: string }) {
  return submission.reply(out.field ? { fieldErrors: { [out.field]: [out.error] } } : { formErrors: [out.error] });
}

/** The form did not parse: 400 with conform's field errors. */
export function invalidResponse<X extends object>(submission: Submission, extra: X = {} as X) {
  return Response.json({ reply: submission.reply(), ok: null, error: INVALID_FORM, ...extra }, { status: 400 });
}

/**
 * A use case's outcome as the page's answer: its message when done (the form reset if asked), its refusal
 * otherwise, 400 when the refusal names a field and 409 when it is about the state of things.
 */
export function stepResponse<X extends object>(
  submission: Submission,
  out: Outcome,
  extra: X = {} as X,
  { resetForm = false }: { resetForm?: boolean } = {},
) {
  if (!out.ok)
    return Response.json(
      { reply: refusalReply(submission, out), ok: null, error: out.error, ...extra },
      { status: out.field ? 400 : 409 },
    );
  return Response.json({
    reply: submission.reply(resetForm ? { resetForm } : undefined),
    ok: out.message,
    error: null,
    ...extra,
  });
}

/**
 * The same answer as data, for an action that adds to it before answering: the form's reply (its fields
 * cleared when the step went ahead), the message, and the HTTP status.
 */
export function stepReply(
  submission: Submission,
  out: Outcome,
): { reply: SubmissionResult<string[]>; ok: string | null; error: string | null; status: number } {
  if (out.ok) return { reply: submission.reply({ resetForm: true }), ok: out.message, error: null, status: 200 };
  return { reply: refusalReply(submission, out), ok: null, error: out.error, status: out.field ? 400 : 409 };
}
