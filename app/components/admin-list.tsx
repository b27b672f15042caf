import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Pagination } from "~/components/pagination";

/**
 * The search card of an office list page (accounts, organisations, the outbox): a keyword and the page's own
 * choices; "清除条件" once anything is filtered. `id` prefixes the keyword's id and the heading's.
 */
export function ListFilterCard({
  id,
  title,
  action,
  q,
  placeholder,
  filtered,
  children,
}: {
  id: string;
  title: string;
  action: string;
  q: string;
  placeholder: string;
  filtered: boolean;
  children?: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={`${id}-filter-title`}>
      <h2 id={`${id}-filter-title`} style={{ marginTop: 0 }}>
        {title}
      </h2>
      <Form method="get" action={action} className="inline-form" role="search">
        <div className="field">
          <label htmlFor={`${id}-q`}>关键词</label>
          <input id={`${id}-q`} name="q" type="search" defaultValue={q} placeholder={placeholder} />
        </div>
        {children}
        <button type="submit" className="button">
          查找
        </button>
        {filtered ? <Link to={action}>清除条件</Link> : null}
      </Form>
    </section>
  );
}

/**
 * One page of an office list: how many there are, the table (its caption and column heads; the rows are the
 * children), and the page links; `empty` instead of the table when the page has no rows.
 */
export function ListTable({
  rows,
  total,
  unit,
  page,
  pageCount,
  href,
  empty,
  caption,
  minWidth,
  columns,
  children,
}: {
  rows: number;
  total: number;
  unit: string;
  page: number;
  pageCount: number;
  href: (page: number) => string;
  empty: ReactNode;
  caption: string;
  minWidth: string;
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <>
      {rows === 0 ? (
        <div className="card" role="status">
          {empty}
        </div>
      ) : (
        <>
          <p className="muted" role="status">
            共 {total} {unit}
            {pageCount > 1 ? `,第 ${page} / ${pageCount} 页` : ""}
          </p>
          <div className="table-wrap">
            <table className="table" style={{ minWidth }}>
              <caption className="muted" style={{ textAlign: "left" }}>
                {caption}
              </caption>
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>{children}</tbody>
            </table>
          </div>
        </>
      )}
      <Pagination page={page} pageCount={pageCount} href={href} />
    </>
  );
}
