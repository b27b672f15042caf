import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AccountHistory } from "~/components/account-history";
import { Field, FormMessage } from "~/components/field";
import { formatInstantZh } from "~/domain/calendar";
import { ORGANISATION_KIND_LABEL, ROLE_LABEL } from "~/domain/roles";
import { getOrganisation } from "~/models/organisation.server";
import { usersOfOrganisation } from "~/models/user.server";
import { setOrganisationActiveSchema, updateOrganisationSchema } from "~/schemas/accounts";
import { accountHistory, setOrganisationActive, updateOrganisation } from "~/services/accounts.server";
import { updateOrSetActive, type AccountActionData } from "~/utils/account-forms.server";
import { requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { intParam } from "~/utils/params.server";
import { httpError, invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organisation.name ?? "机构"} · 机构管理 · 直通车` },
];

const idParam = (value: string | undefined) => intParam(value, { message: "机构不存在" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireArea(request, "office");
  const id = idParam(params.id);
  const db = getDb();
  const org = await getOrganisation(db, id);
  invariantResponse(org, "机构不存在", 404);
  const [users, history] = await Promise.all([usersOfOrganisation(db, id), accountHistory(db, "organisation", id)]);
  return {
    organisation: {
      id: org.id,
      kindLabel: ORGANISATION_KIND_LABEL[org.kind],
      name: org.name,
      shortName: org.shortName,
      regionCode: org.regionCode,
      contactName: org.contactName,
      contactPhone: org.contactPhone,
      contactEmail: org.contactEmail,
      active: org.active,
      createdAt: formatInstantZh(org.createdAt),
      creditCode: org.creditCode,
      registryName: org.registryName,
    },
    isOwn: admin.organisationId === org.id,
    created: new URL(request.url).searchParams.get("created") === "1",
    users: users.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      roleLabel: ROLE_LABEL[u.role],
      active: u.active,
    })),
    history,
  };
}

type Intent = "update" | "set-active";
type ActionData = AccountActionData<Intent>;

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireArea(request, "office");
  const organisationId = idParam(params.id);
  const formData = await request.formData();
  const db = getDb();
  const answer = await updateOrSetActive(formData, {
    notFound: "机构不存在",
    updateSchema: updateOrganisationSchema,
    update: (values) => updateOrganisation(db, { organisationId, values, actorId: admin.id, now: now() }),
    setActive: ({ active, reason }) =>
      setOrganisationActive(db, { organisationId, active, reason, actorId: admin.id, now: now() }),
    activated: "机构已启用。",
    deactivated: "机构已停用,其账号将无法登录。",
  });
  if (answer) return answer;
  throw httpError(400, "无法识别的操作");
}

export default function EditOrganisation() {
  const { organisation: org, isOwn, created, users, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const navigation = useNavigation();
  const busy = (intent: Intent) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const resultFor = (intent: Intent) => (actionData?.intent === intent ? actionData.result : undefined);
  const messageFor = (intent: Intent) => (actionData?.intent === intent ? actionData.message : undefined);

  const [form, fields] = useForm({
    id: `organisation-${org.id}`,
    lastResult: resultFor("update"),
    defaultValue: {
      name: org.name,
      shortName: org.shortName ?? "",
      regionCode: org.regionCode ?? "",
      contactName: org.contactName ?? "",
      contactPhone: org.contactPhone ?? "",
      contactEmail: org.contactEmail ?? "",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: updateOrganisationSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const [activeForm, activeFields] = useForm({
    id: `organisation-${org.id}-active`,
    lastResult: resultFor("set-active"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: setOrganisationActiveSchema }),
  });
  const regionHintId = `${fields.regionCode.id}-hint`;

  return (
    <>
      <p>
        <Link to="/admin/organisations">← 返回机构列表</Link>
      </p>
      <h1>
        {org.name}{" "}
        {org.active ? <span className="badge badge--ok">启用</span> : <span className="badge badge--grey">已停用</span>}
      </h1>
      {created && !actionData ? <FormMessage ok="机构已创建。" /> : null}

      <section className="card" aria-labelledby="org-facts-title">
        <h2 id="org-facts-title" style={{ marginTop: 0 }}>
          机构概况
        </h2>
        <dl className="facts">
          <dt>机构类型</dt>
          <dd>{org.kindLabel}</dd>
          {org.creditCode ? (
            <>
              <dt>统一社会信用代码</dt>
              <dd>
                {org.creditCode}(法人库:{org.registryName})
              </dd>
            </>
          ) : null}
          <dt>创建时间</dt>
          <dd>{org.createdAt}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="org-edit-title">
        <h2 id="org-edit-title" style={{ marginTop: 0 }}>
          基本信息
        </h2>
        <FormMessage ok={messageFor("update")} />
        <Form method="post" className="stack" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="update" />
          {form.errors?.length ? (
            <div className="alert alert--error" role="alert" id={form.errorId}>
              {form.errors.join(";")}
            </div>
          ) : null}
          <Field id={fields.name.id} label="机构名称" errors={fields.name.errors}>
            <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
          </Field>
          <Field id={fields.shortName.id} label="简称(选填)" errors={fields.shortName.errors}>
            <input {...getInputProps(fields.shortName, { type: "text" })} autoComplete="off" />
          </Field>
          <Field
            id={fields.regionCode.id}
            label="行政区划代码(选填)"
            errors={fields.regionCode.errors}
            hint="6 位数字,如湘桥区 445102"
          >
            <input
              {...getInputProps(fields.regionCode, { type: "text", ariaDescribedBy: regionHintId })}
              inputMode="numeric"
              maxLength={6}
              autoComplete="off"
            />
          </Field>
          <Field id={fields.contactName.id} label="联系人(选填)" errors={fields.contactName.errors}>
            <input {...getInputProps(fields.contactName, { type: "text" })} autoComplete="off" />
          </Field>
          <Field id={fields.contactPhone.id} label="联系电话(选填)" errors={fields.contactPhone.errors}>
            <input {...getInputProps(fields.contactPhone, { type: "tel" })} inputMode="tel" autoComplete="off" />
          </Field>
          <Field id={fields.contactEmail.id} label="联系邮箱(选填)" errors={fields.contactEmail.errors}>
            <input {...getInputProps(fields.contactEmail, { type: "email" })} autoComplete="off" />
          </Field>
          <p>
            <button type="submit" className="button" disabled={busy("update")}>
              {busy("update") ? "正在保存…" : "保存修改"}
            </button>
          </p>
        </Form>
      </section>

      <section className="card" aria-labelledby="org-active-title">
        <h2 id="org-active-title" style={{ marginTop: 0 }}>
          {org.active ? "停用机构" : "启用机构"}
        </h2>
        <FormMessage ok={messageFor("set-active")} />
        {org.active && isOwn ? (
          <p className="muted">这是您所在的机构,不能停用,否则您将无法登录。</p>
        ) : (
          <Form method="post" className="stack" {...getFormProps(activeForm)}>
            <input type="hidden" name="intent" value="set-active" />
            <input type="hidden" name="active" value={org.active ? "false" : "true"} />
            {activeForm.errors?.length ? (
              <div className="alert alert--error" role="alert" id={activeForm.errorId}>
                {activeForm.errors.join(";")}
              </div>
            ) : null}
            <p className="muted">
              {org.active
                ? `停用后该机构的 ${users.length} 个账号都无法登录,也不能再向其添加账号;其数据和记录保留。`
                : "启用后该机构中处于启用状态的账号可以重新登录。"}
            </p>
            <Field id={activeFields.reason.id} label="原因(选填)" errors={activeFields.reason.errors}>
              <input {...getInputProps(activeFields.reason, { type: "text" })} autoComplete="off" />
            </Field>
            <p>
              <button
                type="submit"
                className={org.active ? "button button--secondary" : "button"}
                disabled={busy("set-active")}
              >
                {org.active ? "停用机构" : "启用机构"}
              </button>
            </p>
          </Form>
        )}
      </section>

      <section className="card" aria-labelledby="org-users-title">
        <h2 id="org-users-title" style={{ marginTop: 0 }}>
          本机构账号({users.length})
        </h2>
        {users.length === 0 ? (
          <p className="muted">该机构还没有账号。</p>
        ) : (
          <div className="table-wrap">
            <table className="table" style={{ minWidth: "36rem" }}>
              <thead>
                <tr>
                  <th scope="col">用户名</th>
                  <th scope="col">姓名</th>
                  <th scope="col">角色</th>
                  <th scope="col">状态</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id}>
                    <td>
                      <Link to={`/admin/users/${u.id}`}>{u.username}</Link>
                    </td>
                    <td>{u.displayName}</td>
                    <td>{u.roleLabel}</td>
                    <td>
                      {u.active ? (
                        <span className="badge badge--ok">启用</span>
                      ) : (
                        <span className="badge badge--grey">已停用</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p>
          <Link to="/admin/users/new">新建账号</Link>
        </p>
      </section>

      <AccountHistory titleId="org-history-title" entries={history} />
    </>
  );
}
