import { Link } from "@remix-run/react";

/** Previous and next links with "第 n / m 页"; nothing when there is one page. */
export function Pagination({
  page,
  pageCount,
  href,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label="分页">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          上一页
        </Link>
      ) : null}
      <span>
        第 {page} / {pageCount} 页
      </span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next">
          下一页
        </Link>
      ) : null}
    </nav>
  );
}
