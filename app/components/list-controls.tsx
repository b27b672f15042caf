import { Form, Link } from "@remix-run/react";

/**
 * The controls of a worklist with views, a search and pages (the department's inbox, its tasks): the address
 * of a view, search or page, the tabs with their counts, the search form, and the card shown when nothing
 * matches.
 */

/** The list's address for a change of view, search or page; the default view and the first page are left out. */
export function listHref<V extends string>(base: string, defaultView: V, current: { view: V; q: string }) {
  return (over: { view?: V; q?: string; page?: number }) => {
    const sp = new URLSearchParams();
    const view = over.view ?? current.view;
    const q = over.q ?? current.q;
    if (view !== defaultView) sp.set("view", view);
    if (q) sp.set("q", q);
    if (over.page && over.page > 1) sp.set("page", String(over.page));
    const s = sp.toString();
    return s ? `${base}?${s}` : base;
  };
}

/** The views as tabs, each with its count where it has one (red or amber when it asks for attention). */
export function ListTabs<V extends string>(props: {
  label: string;
  views: { view: V; label: string }[];
  current: V;
  href: (view: V) => string;
  count: (view: V) => { n: number; tone?: "red" | "warn" } | undefined;
}) {
  return (
    <nav className="tabs" aria-label={props.label}>
      {props.views.map((v) => {
        const c = props.count(v.view);
        return (
          <Link
            key={v.view}
            to={props.href(v.view)}
            aria-current={v.view === props.current ? "page" : undefined}
            data-testid={`tab-${v.view}`}
          >
            {v.label}
            {c ? <span className={`tabs__count${c.tone ? ` tabs__count--${c.tone}` : ""}`}>{c.n}</span> : null}
          </Link>
        );
      })}
    </nav>
  );
}

/** The search of a list, within its view; `clearHref` drops the search. */
export function ListSearch<V extends string>(props: {
  action: string;
  inputId: string;
  view: V;
  defaultView: V;
  q: string;
  clearHref: string;
  /** Remount the form when the address changes, so that the field shows the search in force. */
  remount?: boolean;
}) {
  return (
    <Form
      key={props.remount ? `${props.view}:${props.q}` : undefined}
      method="get"
      action={props.action}
      className="inline-form"
      role="search"
      style={{ marginBottom: "1rem" }}
    >
      {props.view !== props.defaultView ? <input type="hidden" name="view" value={props.view} /> : null}
      <div className="field" style={{ flex: "1 1 16rem" }}>
        <label htmlFor={props.inputId}>查找</label>
        <input
          id={props.inputId}
          name="q"
          type="search"
          defaultValue={props.q}
          placeholder="受理编号、诉求标题或企业名称"
        />
      </div>
      <button type="submit" className="button">
        查找
      </button>
      {props.q ? <Link to={props.clearHref}>清除</Link> : null}
    </Form>
  );
}

/** The card in place of an empty list. */
export function EmptyListCard({ children }: { children: string }) {
  return (
    <div className="card" role="status">
      <p style={{ margin: 0 }}>{children}</p>
    </div>
  );
}
