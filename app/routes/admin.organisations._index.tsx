import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ActiveBadge } from "~/components/account-admin-forms";
import { ListFilterCard, ListTable } from "~/components/admin-list";
import { FilterSelect } from "~/components/filter-select";
import { maskPhone } from "~/domain/personal-data";
import { ORGANISATION_KIND_LABEL, ORGANISATION_KINDS, type OrganisationKind } from "~/domain/roles";
import { listOrganisations } from "~/models/organisation.server";
import { PAGE_SIZE } from "~/schemas/accounts";
import { requireArea } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageQuery } from "~/utils/params.server";
import { listHref } from "~/utils/params";

export const meta: MetaFunction = () => [{ title: "机构管理 · 直通车" }];

function isKind(value: string): value is OrganisationKind {
  return (ORGANISATION_KINDS as readonly string[]).includes(value);
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").trim().slice(0, 100);
  const kindParam = params.get("kind") ?? "";
  const kind = isKind(kindParam) ? kindParam : undefined;
  const page = pageQuery(params);
  const { total, rows } = await listOrganisations(getDb(), { q: q || undefined, kind, page, pageSize: PAGE_SIZE });
  return {
    filter: { q, kind: kind ?? "" },
    page,
    total,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    // A list shows a contact's number masked; the organisation's own page has it in full, to call.
    organisations: rows.map((r) => ({
      ...r,
      contactPhone: maskPhone(r.contactPhone),
      kindLabel: ORGANISATION_KIND_LABEL[r.kind],
    })),
  };
}

export default function OrganisationsIndex() {
  const { filter, page, total, pageCount, organisations } = useLoaderData<typeof loader>();
  const filtered = Boolean(filter.q || filter.kind);
  const pageHref = (p: number) => listHref("/admin/organisations", { q: filter.q, kind: filter.kind }, p);
  return (
    <>
      <h1>机构管理</h1>
      <p className="inline-form">
        <Link to="/admin/organisations/new" className="button">
          新建机构
        </Link>
        <Link to="/admin/users" className="button button--secondary">
          账号管理
        </Link>
      </p>

      <ListFilterCard
        id="org"
        title="查找机构"
        action="/admin/organisations"
        q={filter.q}
        placeholder="名称、简称或区划代码"
        filtered={filtered}
      >
        <FilterSelect
          id="org-kind"
          name="kind"
          label="机构类型"
          all="全部类型"
          defaultValue={filter.kind}
          options={ORGANISATION_KINDS.map((k) => ({ value: k, label: ORGANISATION_KIND_LABEL[k] }))}
        />
      </ListFilterCard>

      <ListTable
        rows={organisations.length}
        total={total}
        unit="个机构"
        page={page}
        pageCount={pageCount}
        href={pageHref}
        empty={
          <>
            <p>{filtered ? "没有符合条件的机构。请调整查找条件。" : "还没有任何机构。"}</p>
            <p>
              <Link to="/admin/organisations/new">新建机构</Link>
            </p>
          </>
        }
        caption="机构列表"
        minWidth="36rem"
        columns={["名称", "类型", "简称", "区划代码", "联系人", "账号数", "状态"]}
      >
        {organisations.map((o) => (
          <tr key={o.id}>
            <td>
              <Link to={`/admin/organisations/${o.id}`}>{o.name}</Link>
            </td>
            <td>{o.kindLabel}</td>
            <td>{o.shortName ?? "—"}</td>
            <td>{o.regionCode ?? "—"}</td>
            <td>
              {o.contactName ?? "—"}
              {o.contactPhone ? <div className="muted">{o.contactPhone}</div> : null}
            </td>
            <td>{o.userCount > 0 ? <Link to={`/admin/users?org=${o.id}`}>{o.userCount}</Link> : 0}</td>
            <td>
              <ActiveBadge active={o.active} />
            </td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
