import { parseWithZod } from "@conform-to/zod/v4";
import { redirect } from "@remix-run/node";
import { appealFormSchema } from "~/schemas/appeal";
import { submitAppeal, type IntakeContext } from "~/services/appeals.server";
import { now } from "./clock.server";
import { getDb } from "./db.server";
import type { ParsedUpload } from "./uploads.server";

/**
 * An appeal posted on its form (the enterprise's own, or the window's and the hotline's): the form again with
 * its errors, or, once taken (or already taken under the form's key), the way to its receipt.
 */
export async function postAppealForm(
  parsed: ParsedUpload,
  formData: FormData,
  user: { id: number },
  ctx: Pick<IntakeContext, "channel" | "enterpriseOrganisationId">,
): Promise<Response> {
  const submission = parseWithZod(formData, { schema: appealFormSchema });
  if ("error" in parsed) {
    return Response.json(
      { reply: submission.reply({ fieldErrors: { attachments: [parsed.error] } }) },
      { status: 400 },
    );
  }
  if (submission.status !== "success") return Response.json({ reply: submission.reply() }, { status: 400 });
  const { submissionKey, ...input } = submission.value;
  const result = await submitAppeal(getDb(), input, parsed.attachments, {
    ...ctx,
    submissionKey: `form:${user.id}:${submissionKey}`,
    registeredBy: user.id,
    now: now(),
  });
  if (!result.ok) return Response.json({ reply: submission.reply({ formErrors: [result.error] }) }, { status: 400 });
  return redirect(`/appeals/${result.trackingNumber}${result.created ? "?new=1" : ""}`);
}
