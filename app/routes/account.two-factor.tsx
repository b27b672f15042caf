import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/field";
import { EnrolmentForm, RecoveryCodes } from "~/components/second-factor";
import { formatInstantZh } from "~/domain/calendar";
import { isStaff } from "~/domain/session-policy";
import { unusedRecoveryCodes } from "~/models/second-factor.server";
import { accountOverview } from "~/models/user.server";
import { enrolSecondFactorSchema, secondFactorSchema } from "~/schemas/auth";
import { confirmEnrolment, offerEnrolment, regenerateRecoveryCodes } from "~/services/second-factor.server";
import { requireUser } from "~/utils/auth.server";
import { now, wallClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { clientAddress, sessionSettings } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = getDb();
  const account = await accountOverview(db, user.id);
  const enrolled = account.totpEnabledAt !== null;
  return {
    since: account.totpEnabledAt ? formatInstantZh(account.totpEnabledAt) : null,
    required: isStaff(user.role) && sessionSettings().requireStaffSecondFactor,
    codesLeft: enrolled ? await unusedRecoveryCodes(db, user.id) : 0,
    offer: enrolled ? null : await offerEnrolment(user),
  };
}

type ActionData = { error: string | null; codes: string[] | null; intent: "enrol" | "regenerate" };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const input = {
    userId: user.id,
    username: user.username,
    now: now(),
    otpTime: wallClock(),
    ip: clientAddress(request),
  };
  if (formData.get("intent") === "enrol") {
    const submission = parseWithZod(formData, { schema: enrolSecondFactorSchema });
    if (submission.status !== "success") {
      const error = submission.error?.code?.[0] ?? "绑定信息有误,请刷新页面";
      return Response.json({ error, codes: null, intent: "enrol" } satisfies ActionData, { status: 400 });
    }
    const r = await confirmEnrolment(getDb(), { ...input, ...submission.value });
    if (!r.ok)
      return Response.json({ error: r.message, codes: null, intent: "enrol" } satisfies ActionData, { status: 400 });
    return Response.json({ error: null, codes: r.recoveryCodes, intent: "enrol" } satisfies ActionData);
  }
  const submission = parseWithZod(formData, { schema: secondFactorSchema });
  if (submission.status !== "success") {
    const error = submission.error?.code?.[0] ?? "请输入动态口令";
    return Response.json({ error, codes: null, intent: "regenerate" } satisfies ActionData, { status: 400 });
  }
  const r = await regenerateRecoveryCodes(getDb(), { ...input, code: submission.value.code });
  if (!r.ok) {
    return Response.json({ error: r.message, codes: null, intent: "regenerate" } satisfies ActionData, { status: 400 });
  }
  return Response.json({ error: null, codes: r.recoveryCodes, intent: "regenerate" } satisfies ActionData);
}

export default function TwoFactorSettings() {
  const { since, required, codesLeft, offer } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card stack" style={{ maxWidth: "40rem" }} aria-labelledby="tf-title">
      <h1 id="tf-title">动态口令(双因素认证)</h1>
      {actionData?.codes ? (
        <>
          <p className="alert alert--ok" role="status">
            {actionData.intent === "enrol"
              ? "动态口令已启用。此后登录时,输入密码后还须输入动态口令。"
              : "已生成新的恢复码,原恢复码全部作废。"}
          </p>
          <RecoveryCodes codes={actionData.codes} />
        </>
      ) : since ? (
        <>
          <p>
            已于 {since} 启用。登录时输入密码后,还须输入手机身份验证器中的动态口令。剩余可用恢复码:{codesLeft} 个。
          </p>
          <h2>重新生成恢复码</h2>
          <p className="muted">恢复码用完或遗失时,可重新生成一组;原来的恢复码将全部作废。</p>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="regenerate" />
            <Field
              id="regen-code"
              label="当前动态口令"
              errors={actionData?.intent === "regenerate" && actionData.error ? [actionData.error] : null}
            >
              <input
                id="regen-code"
                name="code"
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
              />
            </Field>
            <button type="submit" className="button button--secondary" disabled={busy}>
              重新生成恢复码
            </button>
          </Form>
          <p className="muted">更换手机或验证器丢失时,请联系平台管理员重置动态口令,再重新绑定。</p>
        </>
      ) : offer ? (
        <>
          <p>
            {required
              ? "工作人员账号须启用动态口令。启用后,每次登录须同时输入密码和手机身份验证器中的动态口令。"
              : "启用后,每次登录须同时输入密码和手机身份验证器中的动态口令,账号更加安全。"}
          </p>
          <EnrolmentForm offer={offer} error={actionData?.intent === "enrol" ? actionData.error : null} busy={busy} />
        </>
      ) : null}
    </section>
  );
}
