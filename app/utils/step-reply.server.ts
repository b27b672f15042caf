import type { Submission, SubmissionResult } from "@conform-to/react";

/** What a use case answers a form: its message, or its refusal and the field the refusal is about. */
type StepOutcome = { ok: true; message: string } | { ok: false; error: string; field?: string };

/**
 * The page's answer to a posted form once its use case has run: the form's reply (its fields cleared when
 * the step went ahead, the refusal placed on its field or above the form otherwise), the message to show,
 * and the HTTP status (400 for a field's error, 409 for a refusal of the whole step).
 */
export function stepReply(
  submission: Pick<Submission<unknown>, "reply">,
  out: StepOutcome,
): { reply: SubmissionResult<string[]>; ok: string | null; error: string | null; status: number } {
  if (out.ok) return { reply: submission.reply({ resetForm: true }), ok: out.message, error: null, status: 200 };
  const reply = out.field
    ? submission.reply({ fieldErrors: { [out.field]: [out.error] } })
    : submission.reply({ formErrors: [out.error] });
  return { reply, ok: null, error: out.error, status: out.field ? 400 : 409 };
}
