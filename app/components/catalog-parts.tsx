import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { CatalogEntry, sendingFacts } from "~/services/views/catalog-page.server";

export function SendingStatus({ facts }: { facts: ReturnType<typeof sendingFacts> }) {
  return (
    <>
      {facts.sent ? (
        <span className="badge badge--ok" data-testid="catalog-status">
          已报送
        </span>
      ) : (
        <span className="badge badge--grey" data-testid="catalog-status">
          未报送
        </span>
      )}{" "}
      {facts.sent ? <span>{facts.sent}</span> : null}{" "}
      {facts.late ? (
        <span className="badge badge--red" data-testid="catalog-late">
          {facts.sent ? "逾期报送" : "已逾期"}
        </span>
      ) : null}
    </>
  );
}

/** The items under their lead department's heading, then their category's, in catalog order. */
export function CatalogGroups({
  entries,
  render,
}: {
  entries: CatalogEntry[];
  render: (e: CatalogEntry) => ReactNode;
}) {
  const departments: { name: string; categories: { name: string; entries: CatalogEntry[] }[] }[] = [];
  for (const e of entries) {
    const lead = e.leadName ?? "尚未确定牵头部门";
    let d = departments[departments.length - 1];
    if (!d || d.name !== lead) {
      d = { name: lead, categories: [] };
      departments.push(d);
    }
    const c = d.categories[d.categories.length - 1];
    if (c && !e.firstInGroup) c.entries.push(e);
    else d.categories.push({ name: e.categoryName, entries: [e] });
  }
  return (
    <>
      {departments.map((d) => (
        <section key={d.name} className="catalog-group" aria-label={d.name} data-testid="catalog-department">
          <h2 className="catalog-group__title">
            {d.name} <span className="count-pill">{d.categories.reduce((n, c) => n + c.entries.length, 0)}</span>
          </h2>
          {d.categories.map((c) => (
            <section key={c.name} className="catalog-category" aria-label={`${d.name} · ${c.name}`}>
              <h3 className="catalog-category__title">{c.name}</h3>
              {c.entries.map((e) => render(e))}
            </section>
          ))}
        </section>
      ))}
    </>
  );
}

/** The item's heading and facts; the tracking number links to the appeal where the reader may open it. */
export function EntryHeading({ entry, appealHref }: { entry: CatalogEntry; appealHref?: string }) {
  return (
    <>
      <h4 id={`item-${entry.id}`} className="catalog-item__title">
        <span className="catalog-item__number">第{entry.number}号</span> {entry.title}
      </h4>
      <p className="catalog-item__meta">
        {appealHref ? <Link to={appealHref}>{entry.trackingNumber}</Link> : <span>{entry.trackingNumber}</span>}
        <span>{entry.enterpriseName}</span>
        {entry.regionName ? <span>{entry.regionName}</span> : null}
        <span>{entry.categoryName}</span>
      </p>
    </>
  );
}

/** The lead department's reply and the county's opinion, folded. */
export function EntryTexts({ entry }: { entry: CatalogEntry }) {
  if (!entry.reply && !entry.countyOpinion) return <p className="hint">牵头部门尚未答复办理意见。</p>;
  return (
    <details className="catalog-item__texts">
      <summary>
        {[entry.reply ? "部门答复意见" : null, entry.countyOpinion ? "县区意见" : null].filter(Boolean).join("与")}
      </summary>
      {entry.reply ? (
        <>
          <h5>{entry.leadName ?? "牵头部门"}答复意见</h5>
          <p className="reply-body">{entry.reply}</p>
        </>
      ) : null}
      {entry.countyOpinion ? (
        <>
          <h5>县区意见</h5>
          <p className="reply-body">{entry.countyOpinion}</p>
        </>
      ) : null}
    </details>
  );
}
