import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { waitInWords } from "~/domain/sign-in-limit";
import { signInSchema } from "~/schemas/auth";
import { signIn } from "~/services/sign-in.server";
import { clientIp, getOptionalUser, safeRedirect } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { sessionSettings, startSession } from "~/utils/session.server";
import { signInSubject } from "~/models/user.server";
import { InputField, IntentForm } from "~/components/intent-form";

export const meta: MetaFunction = () => [{ title: "登录 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  if (user) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  // The demo city lets staff sign in with the password alone; the page says so.
  return { demo: env().SEED_DEMO === "true" && !sessionSettings().requireStaffSecondFactor };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: signInSchema });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });

  const at = now();
  const result = await signIn(getDb(), {
    ...submission.value,
    ip: clientIp(request),
    userAgent: request.headers.get("user-agent"),
    now: at,
  });
  if (!result.ok) {
    const message =
      result.reason === "blocked"
        ? `登录尝试过于频繁,请 ${waitInWords(result.until, at)}后再试。`
        : "用户名或密码不正确。";
    return Response.json(submission.reply({ formErrors: [message], hideFields: ["password"] }), {
      status: result.reason === "blocked" ? 429 : 400,
    });
  }
  const subject = await signInSubject(getDb(), result.userId);
  return startSession(request, subject, safeRedirect(submission.value.redirectTo));
}

export default function Login() {
  const lastResult = useActionData<typeof action>();
  const { demo } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signInSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <div className="card" style={{ maxWidth: "28rem", margin: "1rem auto" }}>
      <h1>登录</h1>
      <p className="muted">
        企业、窗口、热线、平台管理员及各单位工作人员请使用分配的账号登录。企业还没有账号?
        <Link to="/register">企业注册</Link>
      </p>
      {demo ? (
        <p className="alert alert--warn" role="note">
          演示环境:工作人员账号可仅凭密码登录。正式环境中,工作人员须同时输入动态口令(双因素认证)。
        </p>
      ) : null}
      <IntentForm form={form}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <InputField field={fields.username} label="用户名" autoComplete="username" autoFocus />
        <InputField field={fields.password} type="password" label="密码" autoComplete="current-password" />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "正在登录…" : "登录"}
        </button>
      </IntentForm>
    </div>
  );
}
