import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/field";
import { EnrolmentForm, RecoveryCodes } from "~/components/second-factor";
import { enrolSecondFactorSchema, secondFactorSchema } from "~/schemas/auth";
import { confirmEnrolment, offerEnrolment, verifySecondFactor } from "~/services/second-factor.server";
import { safeRedirect } from "~/utils/auth.server";
import { now, wallClock } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { clientAddress, completeSession, requestSession } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "双因素认证 · 直通车" }];

/** Only a session that gave the right password and still owes its second factor may be here. */
function signInFirst(request: Request): Response {
  const url = new URL(request.url);
  return redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

async function pendingSession(request: Request) {
  const session = await requestSession(request);
  const to = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (!session) throw signInFirst(request);
  if (!session.secondFactorPending) throw redirect(to);
  return { session, to };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requestSession(request);
  const to = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (!session) throw signInFirst(request);
  // Complete already (also right after enrolment, whose answer shows the recovery codes once): a link on.
  if (!session.secondFactorPending) {
    return { displayName: session.user.displayName, done: true, enrol: false, offer: null, redirectTo: to };
  }
  const enrol = !session.user.hasSecondFactor;
  return {
    displayName: session.user.displayName,
    done: false,
    enrol,
    offer: enrol ? await offerEnrolment(session.user) : null,
    redirectTo: to,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await pendingSession(request);
  const formData = await request.formData();
  const at = now();
  const ip = clientAddress(request);
  if (formData.get("intent") === "enrol") {
    const submission = parseWithZod(formData, { schema: enrolSecondFactorSchema });
    if (submission.status !== "success") {
      return Response.json(
        { error: submission.error?.code?.[0] ?? "请输入 6 位动态口令", codes: null, next: null },
        { status: 400 },
      );
    }
    const result = await confirmEnrolment(getDb(), {
      userId: session.user.id,
      username: session.user.username,
      secret: submission.value.secret,
      signature: submission.value.signature,
      code: submission.value.code,
      now: at,
      otpTime: wallClock(),
      ip,
    });
    if (!result.ok) return Response.json({ error: result.message, codes: null, next: null }, { status: 400 });
    await completeSession(request, session, "enrolment");
    // The codes are shown once, on this answer; the session is already complete.
    return Response.json({ error: null, codes: result.recoveryCodes, next: safeRedirect(submission.value.redirectTo) });
  }
  const submission = parseWithZod(formData, { schema: secondFactorSchema });
  if (submission.status !== "success") {
    return Response.json(
      { error: submission.error?.code?.[0] ?? "请输入动态口令", codes: null, next: null },
      { status: 400 },
    );
  }
  const verified = await verifySecondFactor(getDb(), {
    userId: session.user.id,
    username: session.user.username,
    code: submission.value.code,
    now: at,
    otpTime: wallClock(),
    ip,
  });
  if (!verified.ok) return Response.json({ error: verified.message, codes: null, next: null }, { status: 400 });
  await completeSession(request, session, verified.method);
  return redirect(safeRedirect(submission.value.redirectTo));
}

export default function TwoFactor() {
  const { displayName, done, enrol, offer, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";

  if (actionData?.codes) {
    return (
      <div className="card stack" style={{ maxWidth: "34rem", margin: "1rem auto" }}>
        <h1>动态口令已启用</h1>
        <RecoveryCodes codes={actionData.codes} />
        <p>
          <Link className="button" to={actionData.next ?? "/workspace"}>
            我已妥善保存,继续
          </Link>
        </p>
      </div>
    );
  }

  if (done) {
    return (
      <div className="card stack" style={{ maxWidth: "34rem", margin: "1rem auto" }}>
        <h1>双因素认证</h1>
        <p>{displayName},您已完成登录验证。</p>
        <p>
          <Link className="button" to={redirectTo}>
            继续
          </Link>
        </p>
      </div>
    );
  }

  return (
    <div className="card stack" style={{ maxWidth: "34rem", margin: "1rem auto" }}>
      <h1>{enrol ? "启用双因素认证" : "双因素认证"}</h1>
      {enrol && offer ? (
        <>
          <p>
            {displayName}
            ,工作人员账号须同时使用密码和手机动态口令登录(等保三级要求)。请先绑定身份验证器,此后每次登录输入其中显示的动态口令。
          </p>
          <EnrolmentForm offer={offer} error={actionData?.error} busy={busy} redirectTo={redirectTo} />
        </>
      ) : (
        <Form method="post" className="stack">
          <p>
            {displayName},请打开手机上的身份验证器,输入本平台账号当前显示的 6
            位动态口令。手机不在身边时,可输入一个恢复码。
          </p>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <Field
            id="code"
            label="动态口令或恢复码"
            errors={actionData?.error ? [actionData.error] : null}
            hint="动态口令为 6 位数字;恢复码形如 ABCDE-23456"
          >
            <input
              id="code"
              name="code"
              type="text"
              autoComplete="one-time-code"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={20}
              required
              // eslint-disable-next-line jsx-a11y/no-autofocus -- the only field of this step
              autoFocus
              aria-invalid={actionData?.error ? true : undefined}
              aria-describedby={actionData?.error ? "code-error" : "code-hint"}
            />
          </Field>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "正在验证…" : "验证并登录"}
          </button>
        </Form>
      )}
      <Form method="post" action="/logout">
        <button type="submit" className="button button--quiet">
          取消,返回登录
        </button>
      </Form>
      <p className="muted">无法使用验证器,也没有恢复码?请联系平台管理员重置动态口令。</p>
    </div>
  );
}
