import { parseWithZod } from "@conform-to/zod/v4";
import { useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AccountHistory } from "~/components/account-history";
import {
  ActiveBadge,
  BusyButton,
  SetActiveSection,
  UserDetailFields,
  useIntentAnswer,
} from "~/components/account-admin-forms";
import { FormMessage } from "~/components/field";
import { InputField, IntentForm } from "~/components/intent-form";
import { PASSWORD_HINT, resetPasswordSchema, updateUserSchema } from "~/schemas/accounts";
import { resetUserPassword, setUserActive, updateUser } from "~/services/accounts.server";
import { userPageView } from "~/services/views/account-admin-page.server";
import { answerAccountForm, answerSecurityForm, updateOrSetActive } from "~/utils/account-forms.server";
import { clientIp, requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { intParam } from "~/utils/params.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.username ?? "账号"} · 账号管理 · 直通车` },
];

const idParam = (value: string | undefined) => intParam(value, { message: "账号不存在" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireArea(request, "office");
  return userPageView(getDb(), idParam(params.id), admin, request.url);
}

type Intent = "update" | "set-active" | "reset-password" | "end-sessions" | "reset-second-factor";

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireArea(request, "office");
  const userId = idParam(params.id);
  const formData = await request.formData();
  const db = getDb();
  const answer =
    (await updateOrSetActive(formData, {
      notFound: "账号不存在",
      updateSchema: updateUserSchema,
      update: (values) => updateUser(db, { userId, values, actorId: admin.id, now: now() }),
      setActive: ({ active, reason }) => setUserActive(db, { userId, active, reason, actorId: admin.id, now: now() }),
      activated: "账号已启用。",
      deactivated: "账号已停用,该账号将无法登录。",
    })) ?? (await answerSecurityForm(formData, db, { userId, actorId: admin.id, now: now(), ip: clientIp(request) }));
  if (answer) return answer;
  if (formData.get("intent") === "reset-password")
    return answerAccountForm(formData, {
      intent: "reset-password",
      schema: resetPasswordSchema,
      notFound: "账号不存在",
      run: ({ password }) => resetUserPassword(db, { userId, password, actorId: admin.id, now: now() }),
      success: () => ({ message: "密码已重置,请通过安全渠道告知本人。", resetForm: true }),
      hideFields: ["password"],
    });
  throw httpError(400, "无法识别的操作");
}

type View = ReturnType<typeof useLoaderData<typeof loader>>;

function UserFacts({ user, isSelf }: Pick<View, "user" | "isSelf">) {
  return (
    <section className="card" aria-labelledby="user-facts-title">
      <h2 id="user-facts-title" style={{ marginTop: 0 }}>
        账号概况
      </h2>
      <dl className="facts">
        <dt>用户名</dt>
        <dd>
          {user.username}
          {isSelf ? "(您本人)" : ""}
        </dd>
        <dt>角色</dt>
        <dd>{user.roleLabel}</dd>
        <dt>所属机构</dt>
        <dd>
          <Link to={`/admin/organisations/${user.organisationId}`}>{user.organisationName}</Link>(
          {user.organisationKindLabel})
          {user.organisationActive ? null : (
            <>
              {" "}
              <span className="badge badge--grey">机构已停用</span>
            </>
          )}
        </dd>
        <dt>创建时间</dt>
        <dd>{user.createdAt}</dd>
      </dl>
      {!user.organisationActive ? (
        <p className="alert alert--warn" style={{ marginTop: ".75rem" }}>
          该账号所属机构已停用,机构重新启用前该账号无法登录。
        </p>
      ) : null}
    </section>
  );
}

/** A button that posts one intent after the office confirms it. */
function ConfirmedButton({
  intent,
  confirm,
  busy,
  label,
}: {
  intent: Intent;
  confirm: string;
  busy: boolean;
  label: string;
}) {
  return (
    <Form
      method="post"
      onSubmit={(e) => {
        if (!window.confirm(confirm)) e.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className="button button--secondary" disabled={busy}>
        {label}
      </button>
    </Form>
  );
}

function Security({ security }: Pick<View, "security">) {
  const { busy, messageFor } = useIntentAnswer<Intent>();
  return (
    <section className="card" aria-labelledby="user-security-title">
      <h2 id="user-security-title" style={{ marginTop: 0 }}>
        登录与安全
      </h2>
      <FormMessage ok={messageFor("end-sessions") ?? messageFor("reset-second-factor")} />
      <dl className="facts">
        <dt>密码</dt>
        <dd>最近修改于 {security.passwordChangedAt}</dd>
        <dt>动态口令</dt>
        <dd>{security.secondFactorSince ? `已启用(自 ${security.secondFactorSince})` : "未启用"}</dd>
        <dt>登录会话</dt>
        <dd>
          {security.sessions.length === 0
            ? "当前未登录"
            : security.sessions.map((x) => (
                <div key={x.id}>
                  {x.device} · {x.ip} · 最近活动 {x.lastSeenAt}
                </div>
              ))}
        </dd>
      </dl>
      <div className="actions" style={{ display: "flex", flexWrap: "wrap", gap: "0.75rem" }}>
        {security.sessions.length > 0 ? (
          <ConfirmedButton
            intent="end-sessions"
            confirm="确定结束该账号的全部登录会话吗?本人须重新登录。"
            busy={busy("end-sessions")}
            label="结束全部会话"
          />
        ) : null}
        {security.secondFactorSince ? (
          <ConfirmedButton
            intent="reset-second-factor"
            confirm="确定重置该账号的动态口令吗?本人须重新绑定身份验证器。"
            busy={busy("reset-second-factor")}
            label="重置动态口令"
          />
        ) : null}
      </div>
      <p className="muted">本人手机丢失或更换时重置动态口令;怀疑账号被他人使用时,结束全部会话并重置密码。</p>
    </section>
  );
}

export default function EditUser() {
  const { user, isSelf, created, groups, history, security } = useLoaderData<typeof loader>();
  const answer = useIntentAnswer<Intent>();
  const { answered, busy, resultFor, messageFor } = answer;
  const [profile, fields] = useForm({
    id: `user-${user.id}-profile`,
    lastResult: resultFor("update"),
    defaultValue: {
      displayName: user.displayName,
      role: user.role,
      organisationId: String(user.organisationId),
      phone: user.phone ?? "",
      email: user.email ?? "",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: updateUserSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const [passwordForm, passwordFields] = useForm({
    id: `user-${user.id}-password`,
    lastResult: resultFor("reset-password"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });

  return (
    <>
      <p>
        <Link to="/admin/users">← 返回账号列表</Link>
      </p>
      <h1>
        {user.displayName} <ActiveBadge active={user.active} />
      </h1>
      {created && !answered ? <FormMessage ok="账号已创建。" /> : null}
      <UserFacts user={user} isSelf={isSelf} />

      <section className="card" aria-labelledby="user-profile-title">
        <h2 id="user-profile-title" style={{ marginTop: 0 }}>
          基本信息
        </h2>
        <FormMessage ok={messageFor("update")} />
        <IntentForm form={profile} intent="update">
          <UserDetailFields fields={fields} groups={groups} roleHint={isSelf ? "不能修改自己的角色" : undefined} />
          <BusyButton busy={busy("update")} busyLabel="正在保存…">
            保存修改
          </BusyButton>
        </IntentForm>
      </section>

      <SetActiveSection
        id={`user-${user.id}-active`}
        titleId="user-active-title"
        noun="账号"
        active={user.active}
        answer={answer}
        refusal={user.active && isSelf ? "不能停用自己的账号。如需停用,请由其他平台管理员操作。" : null}
        explanation={
          user.active
            ? "停用后该账号立即无法登录,已登录的会话在下一次操作时失效;其数据和记录保留。"
            : "启用后该账号可以重新登录。"
        }
      />

      <section className="card" aria-labelledby="user-password-title">
        <h2 id="user-password-title" style={{ marginTop: 0 }}>
          重置密码
        </h2>
        <FormMessage ok={messageFor("reset-password")} />
        <IntentForm form={passwordForm} intent="reset-password">
          <InputField
            field={passwordFields.password}
            type="password"
            label="新密码"
            hint={`${PASSWORD_HINT};本人下次登录时须改设自己的密码`}
            autoComplete="new-password"
          />
          <BusyButton busy={busy("reset-password")} busyLabel="正在重置…" secondary>
            重置密码
          </BusyButton>
        </IntentForm>
      </section>

      <Security security={security} />
      <AccountHistory titleId="user-history-title" entries={history} />
    </>
  );
}
