import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ActiveBadge, OrganisationOptions } from "~/components/account-admin-forms";
import { ListFilterCard, ListTable } from "~/components/admin-list";
import { FilterSelect } from "~/components/filter-select";
import { maskPhonesInText } from "~/domain/personal-data";
import { isRole, ROLE_LABEL, ROLES } from "~/domain/roles";
import { listUsers } from "~/models/user.server";
import { PAGE_SIZE } from "~/schemas/accounts";
import { organisationChoices } from "~/services/accounts.server";
import { requireArea } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { intQuery, pageQuery } from "~/utils/params.server";
import { listHref } from "~/utils/params";

export const meta: MetaFunction = () => [{ title: "账号管理 · 直通车" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const roleParam = params.get("role") ?? "";
  const role = isRole(roleParam) ? roleParam : undefined;
  const organisationId = intQuery(params, "org");
  const page = pageQuery(params);

  const db = getDb();
  const [{ total, rows }, organisations] = await Promise.all([
    listUsers(db, { q: q || undefined, role, organisationId, page, pageSize: PAGE_SIZE }),
    organisationChoices(db, { includeInactive: true }),
  ]);
  return {
    filter: { q, role: role ?? "", org: organisationId ? String(organisationId) : "" },
    page,
    total,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    users: rows.map((r) => ({
      id: r.id,
      // An enterprise signs in with its mobile number: a list shows it masked, the account's page in full.
      username: maskPhonesInText(r.username),
      displayName: maskPhonesInText(r.displayName),
      roleLabel: ROLE_LABEL[r.role],
      organisationId: r.organisationId,
      organisationName: r.organisationName,
      active: r.active,
    })),
    organisations: organisations,
  };
}

export default function UsersIndex() {
  const { filter, page, total, pageCount, users, organisations } = useLoaderData<typeof loader>();
  const filtered = Boolean(filter.q || filter.role || filter.org);
  const pageHref = (p: number) => listHref("/admin/users", { q: filter.q, role: filter.role, org: filter.org }, p);
  return (
    <>
      <h1>账号管理</h1>
      <p className="inline-form">
        <Link to="/admin/users/new" className="button">
          新建账号
        </Link>
        <Link to="/admin/organisations" className="button button--secondary">
          机构管理
        </Link>
      </p>

      <ListFilterCard
        id="user"
        title="查找账号"
        action="/admin/users"
        q={filter.q}
        placeholder="用户名、姓名或机构"
        filtered={filtered}
      >
        <FilterSelect
          id="user-role"
          name="role"
          label="角色"
          all="全部角色"
          defaultValue={filter.role}
          options={ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
        />
        <div className="field">
          <label htmlFor="user-org">所属机构</label>
          <select id="user-org" name="org" defaultValue={filter.org}>
            <option value="">全部机构</option>
            <OrganisationOptions groups={organisations} />
          </select>
        </div>
      </ListFilterCard>

      <ListTable
        rows={users.length}
        total={total}
        unit="个账号"
        page={page}
        pageCount={pageCount}
        href={pageHref}
        empty={
          <>
            <p>{filtered ? "没有符合条件的账号。请调整查找条件。" : "还没有任何账号。"}</p>
            <p>
              <Link to="/admin/users/new">新建账号</Link>
            </p>
          </>
        }
        caption="账号列表"
        minWidth="36rem"
        columns={["用户名", "姓名", "角色", "所属机构", "状态"]}
      >
        {users.map((u) => (
          <tr key={u.id}>
            <td>
              <Link to={`/admin/users/${u.id}`}>{u.username}</Link>
            </td>
            <td>{u.displayName}</td>
            <td>{u.roleLabel}</td>
            <td>
              <Link to={`/admin/organisations/${u.organisationId}`}>{u.organisationName}</Link>
            </td>
            <td>
              <ActiveBadge active={u.active} />
            </td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
