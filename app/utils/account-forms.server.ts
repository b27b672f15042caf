/**
 * The action half of the platform office's organisation and user pages: both edit a record and switch it on
 * or off with a reason, and answer each form the same way (its conform result, a message on success, the
 * service's status on failure).
 */
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import type { z } from "zod";
import { setUserActiveSchema } from "~/schemas/accounts";
import type { Db } from "~/models/audit.server";
import type { Outcome } from "~/services/accounts.server";
import { resetSecondFactorByOffice } from "~/services/second-factor.server";
import { endSessionsByOffice } from "~/services/sessions.server";
import { invariantResponse } from "./http.server";

export type AccountActionData<Intent extends string> = {
  intent: Intent;
  result: SubmissionResult<string[]>;
  message?: string;
};

/** A form's answer: 400 when it did not parse, the outcome's status when the service refused, else 200. */
function accountReply<Intent extends string>(
  intent: Intent,
  result: SubmissionResult<string[]>,
  outcome?: Outcome<object>,
  message?: string,
) {
  const body: AccountActionData<Intent> = { intent, result, message: outcome?.ok ? message : undefined };
  return data(body, { status: outcome && !outcome.ok ? outcome.status : result.status === "error" ? 400 : 200 });
}

/** A record that vanished between the page and the form is a 404 page, not a form error. */
function requireFoundOutcome(outcome: Outcome<object>, message: string) {
  invariantResponse(outcome.ok || outcome.status !== 404, message, 404);
}

type SetActiveInput = Pick<z.output<typeof setUserActiveSchema>, "active" | "reason">;

/**
 * One form of an account page, answered: parse it with `schema`, run the service, and reply with the
 * service's refusal on the form (a vanished record is the page's 404) or with `success`'s message.
 * `hideFields` are never sent back in a refusal (a password).
 */
export async function answerAccountForm<Intent extends string, Schema extends z.ZodType, Done extends object>(
  formData: FormData,
  form: {
    intent: Intent;
    schema: Schema;
    notFound: string;
    run: (value: z.output<Schema>) => Promise<Outcome<Done>>;
    success: (value: z.output<Schema>, done: Done) => { message: string; resetForm?: boolean };
    hideFields?: string[];
  },
) {
  const { intent, hideFields } = form;
  const submission = parseWithZod(formData, { schema: form.schema });
  if (submission.status !== "success") return accountReply(intent, submission.reply(hideFields && { hideFields }));
  const outcome = await form.run(submission.value);
  requireFoundOutcome(outcome, form.notFound);
  if (!outcome.ok)
    return accountReply(
      intent,
      submission.reply({ fieldErrors: outcome.fieldErrors, formErrors: outcome.formErrors, hideFields }),
      outcome,
    );
  const { message, resetForm } = form.success(submission.value, outcome);
  return accountReply(intent, submission.reply(resetForm ? { resetForm } : undefined), outcome, message);
}

/**
 * The "update" and "set-active" forms, answered; null for any other intent (the page answers its own).
 * `notFound` is the page's 404 message, `activated`/`deactivated` what the switch says when it worked.
 */
export async function updateOrSetActive<Schema extends z.ZodType<{ intent: "update" }>>(
  formData: FormData,
  page: {
    notFound: string;
    updateSchema: Schema;
    update: (values: Omit<z.output<Schema>, "intent">) => Promise<Outcome<{ changed: boolean }>>;
    setActive: (input: SetActiveInput) => Promise<Outcome<object>>;
    activated: string;
    deactivated: string;
  },
) {
  const intent = formData.get("intent");
  if (intent === "update")
    return answerAccountForm(formData, {
      intent: "update",
      schema: page.updateSchema,
      notFound: page.notFound,
      run: ({ intent: _, ...values }) => page.update(values),
      success: (_, done) => ({ message: done.changed ? "已保存修改。" : "没有需要保存的修改。" }),
    });
  if (intent === "set-active")
    return answerAccountForm(formData, {
      intent: "set-active",
      schema: setUserActiveSchema,
      notFound: page.notFound,
      run: ({ active, reason }) => page.setActive({ active, reason }),
      success: ({ active }) => ({ message: active ? page.activated : page.deactivated, resetForm: true }),
    });
  return null;
}

/**
 * The user page's sign-in safety buttons, answered ("end-sessions", "reset-second-factor"); null for any other
 * intent. Neither has fields to refuse: each says what it did.
 */
export async function answerSecurityForm(
  formData: FormData,
  db: Db,
  input: { userId: number; actorId: number; now: Date; ip: string },
) {
  const intent = formData.get("intent");
  if (intent === "end-sessions") {
    const ended = await endSessionsByOffice(db, {
      userId: input.userId,
      actorId: input.actorId,
      at: input.now,
      ip: input.ip,
    });
    return data({
      intent: "end-sessions",
      result: { status: "success" },
      message: ended > 0 ? `已结束该账号的 ${ended} 个登录会话。` : "该账号当前没有登录会话。",
    } satisfies AccountActionData<"end-sessions">);
  }
  if (intent === "reset-second-factor") {
    const reason =
      String(formData.get("reason") ?? "")
        .trim()
        .slice(0, 500) || null;
    const r = await resetSecondFactorByOffice(db, { ...input, reason });
    return data({
      intent: "reset-second-factor",
      result: { status: "success" },
      message: r.ok
        ? "动态口令已重置,该账号的登录会话已全部结束;本人下次登录时重新绑定。"
        : "该账号未启用动态口令,无需重置。",
    } satisfies AccountActionData<"reset-second-factor">);
  }
  return null;
}

/**
 * A "new organisation" or "new user" form, answered: its errors (400) when it does not parse or the service
 * refuses, else a redirect to the page `then` names. `hideFields` are never sent back (a password).
 */
export async function answerCreateForm<Schema extends z.ZodType, Done extends object>(
  formData: FormData,
  form: {
    schema: Schema;
    run: (value: z.output<Schema>) => Promise<Outcome<Done>>;
    then: (done: Done) => string;
    hideFields?: string[];
  },
) {
  const hide = form.hideFields && { hideFields: form.hideFields };
  const submission = parseWithZod(formData, { schema: form.schema });
  if (submission.status !== "success") return data(submission.reply(hide), { status: 400 });
  const outcome = await form.run(submission.value);
  if (!outcome.ok)
    return data(submission.reply({ fieldErrors: outcome.fieldErrors, formErrors: outcome.formErrors, ...hide }), {
      status: 400,
    });
  return redirect(form.then(outcome));
}
