import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  ActiveBadge,
  BusyButton,
  OrganisationDetailFields,
  SetActiveSection,
  useIntentAnswer,
} from "~/components/account-admin-forms";
import { AccountHistory } from "~/components/account-history";
import { FormMessage } from "~/components/field";
import { IntentForm } from "~/components/intent-form";
import { updateOrganisationSchema } from "~/schemas/accounts";
import { setOrganisationActive, updateOrganisation } from "~/services/accounts.server";
import { organisationPageView } from "~/services/views/account-admin-page.server";
import { updateOrSetActive } from "~/utils/account-forms.server";
import { requireArea } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { intParam } from "~/utils/params.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.organisation.name ?? "机构"} · 机构管理 · 直通车` },
];

const idParam = (value: string | undefined) => intParam(value, { message: "机构不存在" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireArea(request, "office");
  return organisationPageView(getDb(), idParam(params.id), admin, request.url);
}

type Intent = "update" | "set-active";

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
  const answer = useIntentAnswer<Intent>();
  const { answered, busy, resultFor, messageFor } = answer;
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

  return (
    <>
      <p>
        <Link to="/admin/organisations">← 返回机构列表</Link>
      </p>
      <h1>
        {org.name} <ActiveBadge active={org.active} />
      </h1>
      {created && !answered ? <FormMessage ok="机构已创建。" /> : null}

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
        <IntentForm form={form} intent="update">
          <OrganisationDetailFields fields={fields} />
          <BusyButton busy={busy("update")} busyLabel="正在保存…">
            保存修改
          </BusyButton>
        </IntentForm>
      </section>

      <SetActiveSection
        id={`organisation-${org.id}-active`}
        titleId="org-active-title"
        noun="机构"
        active={org.active}
        answer={answer}
        refusal={org.active && isOwn ? "这是您所在的机构,不能停用,否则您将无法登录。" : null}
        explanation={
          org.active
            ? `停用后该机构的 ${users.length} 个账号都无法登录,也不能再向其添加账号;其数据和记录保留。`
            : "启用后该机构中处于启用状态的账号可以重新登录。"
        }
      />

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
                      <ActiveBadge active={u.active} />
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
