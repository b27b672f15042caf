import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AccountHistory } from "~/components/account-history";
import { Field, FormMessage } from "~/components/field";
import { formatInstantZh } from "~/domain/calendar";
import { isRole, ORGANISATION_KIND_LABEL, ROLE_LABEL, ROLE_ORGANISATION_KIND, ROLES } from "~/domain/roles";
import { accountOverview, getUserForAdmin } from "~/models/user.server";
import { PASSWORD_HINT, resetPasswordSchema, setUserActiveSchema, updateUserSchema } from "~/schemas/accounts";
import {
  accountHistory,
  organisationChoices,
  resetUserPassword,
  setUserActive,
  updateUser,
} from "~/services/accounts.server";
import { answerAccountForm, updateOrSetActive, type AccountActionData } from "~/utils/account-forms.server";
import { describeUserAgent } from "~/domain/user-agent";
import { sessionsOfUser } from "~/models/session.server";
import { resetSecondFactorByOffice } from "~/services/second-factor.server";
import { endSessionsByOffice } from "~/services/sessions.server";
import { clientIp, requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { intParam } from "~/utils/params.server";
import { httpError, invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.username ?? "账号"} · 账号管理 · 直通车` },
];

const idParam = (value: string | undefined) => intParam(value, { message: "账号不存在" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireArea(request, "office");
  const id = idParam(params.id);
  const db = getDb();
  const user = await getUserForAdmin(db, id);
  invariantResponse(user, "账号不存在", 404);
  const [groups, history, sessions, account] = await Promise.all([
    organisationChoices(db, { keepId: user.organisationId }),
    accountHistory(db, "user", id),
    sessionsOfUser(db, id),
    accountOverview(db, id),
  ]);
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      roleLabel: ROLE_LABEL[user.role],
      organisationId: user.organisationId,
      organisationName: user.organisationName,
      organisationKindLabel: ORGANISATION_KIND_LABEL[user.organisationKind],
      organisationActive: user.organisationActive,
      phone: user.phone,
      email: user.email,
      active: user.active,
      createdAt: formatInstantZh(user.createdAt),
    },
    isSelf: admin.id === user.id,
    created: new URL(request.url).searchParams.get("created") === "1",
    security: {
      sessions: sessions.map((x) => ({
        id: x.id,
        device: describeUserAgent(x.userAgent),
        ip: x.ip,
        lastSeenAt: formatInstantZh(x.lastSeenAt),
      })),
      secondFactorSince: account.totpEnabledAt ? formatInstantZh(account.totpEnabledAt) : null,
      passwordChangedAt: formatInstantZh(account.passwordChangedAt),
    },
    groups,
    history,
  };
}

type Intent = "update" | "set-active" | "reset-password" | "end-sessions" | "reset-second-factor";
type ActionData = AccountActionData<Intent>;

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireArea(request, "office");
  const userId = idParam(params.id);
  const formData = await request.formData();
  const db = getDb();
  const answer = await updateOrSetActive(formData, {
    notFound: "账号不存在",
    updateSchema: updateUserSchema,
    update: (values) => updateUser(db, { userId, values, actorId: admin.id, now: now() }),
    setActive: ({ active, reason }) => setUserActive(db, { userId, active, reason, actorId: admin.id, now: now() }),
    activated: "账号已启用。",
    deactivated: "账号已停用,该账号将无法登录。",
  });
  if (answer) return answer;
  const intent = formData.get("intent");

  if (intent === "reset-password")
    return answerAccountForm(formData, {
      intent: "reset-password",
      schema: resetPasswordSchema,
      notFound: "账号不存在",
      run: ({ password }) => resetUserPassword(db, { userId, password, actorId: admin.id, now: now() }),
      success: () => ({ message: "密码已重置,请通过安全渠道告知本人。", resetForm: true }),
      hideFields: ["password"],
    });

  if (intent === "end-sessions") {
    const ended = await endSessionsByOffice(db, { userId, actorId: admin.id, at: now(), ip: clientIp(request) });
    return data({
      intent: "end-sessions",
      result: { status: "success" },
      message: ended > 0 ? `已结束该账号的 ${ended} 个登录会话。` : "该账号当前没有登录会话。",
    } satisfies ActionData);
  }

  if (intent === "reset-second-factor") {
    const reason =
      String(formData.get("reason") ?? "")
        .trim()
        .slice(0, 500) || null;
    const r = await resetSecondFactorByOffice(db, {
      userId,
      actorId: admin.id,
      now: now(),
      ip: clientIp(request),
      reason,
    });
    return data({
      intent: "reset-second-factor",
      result: { status: "success" },
      message: r.ok
        ? "动态口令已重置,该账号的登录会话已全部结束;本人下次登录时重新绑定。"
        : "该账号未启用动态口令,无需重置。",
    } satisfies ActionData);
  }

  throw httpError(400, "无法识别的操作");
}

export default function EditUser() {
  const { user, isSelf, created, groups, history, security } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const busy = (intent: Intent) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const resultFor = (intent: Intent) => (actionData?.intent === intent ? actionData.result : undefined);
  const messageFor = (intent: Intent) => (actionData?.intent === intent ? actionData.message : undefined);

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
  const [activeForm, activeFields] = useForm({
    id: `user-${user.id}-active`,
    lastResult: resultFor("set-active"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: setUserActiveSchema }),
  });
  const [passwordForm, passwordFields] = useForm({
    id: `user-${user.id}-password`,
    lastResult: resultFor("reset-password"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });

  const role = typeof fields.role.value === "string" && isRole(fields.role.value) ? fields.role.value : undefined;
  const fitKind = role ? ROLE_ORGANISATION_KIND[role] : undefined;
  const shownGroups = fitKind ? groups.filter((g) => g.kind === fitKind) : groups;
  const orgHintId = `${fields.organisationId.id}-hint`;
  const passwordHintId = `${passwordFields.password.id}-hint`;

  return (
    <>
      <p>
        <Link to="/admin/users">← 返回账号列表</Link>
      </p>
      <h1>
        {user.displayName}{" "}
        {user.active ? (
          <span className="badge badge--ok">启用</span>
        ) : (
          <span className="badge badge--grey">已停用</span>
        )}
      </h1>
      {created && !actionData ? <FormMessage ok="账号已创建。" /> : null}

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

      <section className="card" aria-labelledby="user-profile-title">
        <h2 id="user-profile-title" style={{ marginTop: 0 }}>
          基本信息
        </h2>
        <FormMessage ok={messageFor("update")} />
        <Form method="post" className="stack" {...getFormProps(profile)}>
          <input type="hidden" name="intent" value="update" />
          {profile.errors?.length ? (
            <div className="alert alert--error" role="alert" id={profile.errorId}>
              {profile.errors.join(";")}
            </div>
          ) : null}
          <Field id={fields.displayName.id} label="姓名" errors={fields.displayName.errors}>
            <input {...getInputProps(fields.displayName, { type: "text" })} autoComplete="off" />
          </Field>
          <Field
            id={fields.role.id}
            label="角色"
            errors={fields.role.errors}
            hint={isSelf ? "不能修改自己的角色" : undefined}
          >
            <select {...getSelectProps(fields.role)}>
              <option value="">请选择角色</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id={fields.organisationId.id}
            label="所属机构"
            errors={fields.organisationId.errors}
            hint={
              fitKind ? `该角色只能选“${ORGANISATION_KIND_LABEL[fitKind]}”类机构` : "先选择角色,可选的机构会随之限定"
            }
          >
            <select {...getSelectProps(fields.organisationId, { ariaDescribedBy: orgHintId })}>
              <option value="">请选择所属机构</option>
              {shownGroups.map((g) => (
                <optgroup key={g.kind} label={g.label}>
                  {g.options.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.active ? o.name : `${o.name}(已停用)`}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </Field>
          <Field id={fields.phone.id} label="电话(选填)" errors={fields.phone.errors}>
            <input {...getInputProps(fields.phone, { type: "tel" })} autoComplete="off" inputMode="tel" />
          </Field>
          <Field id={fields.email.id} label="电子邮箱(选填)" errors={fields.email.errors}>
            <input {...getInputProps(fields.email, { type: "email" })} autoComplete="off" />
          </Field>
          <p>
            <button type="submit" className="button" disabled={busy("update")}>
              {busy("update") ? "正在保存…" : "保存修改"}
            </button>
          </p>
        </Form>
      </section>

      <section className="card" aria-labelledby="user-active-title">
        <h2 id="user-active-title" style={{ marginTop: 0 }}>
          {user.active ? "停用账号" : "启用账号"}
        </h2>
        <FormMessage ok={messageFor("set-active")} />
        {user.active && isSelf ? (
          <p className="muted">不能停用自己的账号。如需停用,请由其他平台管理员操作。</p>
        ) : (
          <Form method="post" className="stack" {...getFormProps(activeForm)}>
            <input type="hidden" name="intent" value="set-active" />
            <input type="hidden" name="active" value={user.active ? "false" : "true"} />
            {activeForm.errors?.length ? (
              <div className="alert alert--error" role="alert" id={activeForm.errorId}>
                {activeForm.errors.join(";")}
              </div>
            ) : null}
            <p className="muted">
              {user.active
                ? "停用后该账号立即无法登录,已登录的会话在下一次操作时失效;其数据和记录保留。"
                : "启用后该账号可以重新登录。"}
            </p>
            <Field id={activeFields.reason.id} label="原因(选填)" errors={activeFields.reason.errors}>
              <input {...getInputProps(activeFields.reason, { type: "text" })} autoComplete="off" />
            </Field>
            <p>
              <button
                type="submit"
                className={user.active ? "button button--secondary" : "button"}
                disabled={busy("set-active")}
              >
                {user.active ? "停用账号" : "启用账号"}
              </button>
            </p>
          </Form>
        )}
      </section>

      <section className="card" aria-labelledby="user-password-title">
        <h2 id="user-password-title" style={{ marginTop: 0 }}>
          重置密码
        </h2>
        <FormMessage ok={messageFor("reset-password")} />
        <Form method="post" className="stack" {...getFormProps(passwordForm)}>
          <input type="hidden" name="intent" value="reset-password" />
          {passwordForm.errors?.length ? (
            <div className="alert alert--error" role="alert" id={passwordForm.errorId}>
              {passwordForm.errors.join(";")}
            </div>
          ) : null}
          <Field
            id={passwordFields.password.id}
            label="新密码"
            errors={passwordFields.password.errors}
            hint={`${PASSWORD_HINT};本人下次登录时须改设自己的密码`}
          >
            <input
              {...getInputProps(passwordFields.password, { type: "password", ariaDescribedBy: passwordHintId })}
              autoComplete="new-password"
            />
          </Field>
          <p>
            <button type="submit" className="button button--secondary" disabled={busy("reset-password")}>
              {busy("reset-password") ? "正在重置…" : "重置密码"}
            </button>
          </p>
        </Form>
      </section>

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
            <Form
              method="post"
              onSubmit={(e) => {
                if (!window.confirm("确定结束该账号的全部登录会话吗?本人须重新登录。")) e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="end-sessions" />
              <button type="submit" className="button button--secondary" disabled={busy("end-sessions")}>
                结束全部会话
              </button>
            </Form>
          ) : null}
          {security.secondFactorSince ? (
            <Form
              method="post"
              onSubmit={(e) => {
                if (!window.confirm("确定重置该账号的动态口令吗?本人须重新绑定身份验证器。")) e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="reset-second-factor" />
              <button type="submit" className="button button--secondary" disabled={busy("reset-second-factor")}>
                重置动态口令
              </button>
            </Form>
          ) : null}
        </div>
        <p className="muted">本人手机丢失或更换时重置动态口令;怀疑账号被他人使用时,结束全部会话并重置密码。</p>
      </section>

      <AccountHistory titleId="user-history-title" entries={history} />
    </>
  );
}
