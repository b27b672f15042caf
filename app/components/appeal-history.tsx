/** One line of an appeal's history as a page shows it; built by app/utils/appeal-history.ts. */
export interface AppealHistoryItem {
  id: string;
  at: string;
  /** Who took the step ("系统" for the platform); null where the reader is not told (the enterprise). */
  actor: string | null;
  /** The step in words (app/domain/labels.ts); null on the enterprise's page, which shows what it was told. */
  action: string | null;
  from: string | null;
  to: string | null;
  reason: string | null;
  /** What the enterprise was told at this step. */
  note: string | null;
}

/** An appeal's history, oldest first: the step, the change of status, when and who, why, what the enterprise read. */
export function AppealHistory({ items, label = "办理记录" }: { items: AppealHistoryItem[]; label?: string }) {
  return (
    <ol className="timeline" aria-label={label}>
      {items.map((e) => (
        <li key={e.id}>
          <div>
            {e.action ? <strong>{e.action}</strong> : e.note}
            {e.to ? (
              <span className="hint">
                {" "}
                {e.from ? `${e.from} → ` : ""}
                {e.to}
              </span>
            ) : null}
          </div>
          <div className="hint">
            {e.at}
            {e.actor ? ` · ${e.actor}` : ""}
          </div>
          {e.reason ? <div>{e.reason}</div> : null}
          {e.action && e.note ? <div className="hint">告知企业:{e.note}</div> : null}
        </li>
      ))}
    </ol>
  );
}

/** The appeal's history in a card of its own, under the heading 办理记录 (`headingId` names it). */
export function AppealHistoryCard({
  items,
  headingId = "history-heading",
}: {
  items: AppealHistoryItem[];
  headingId?: string;
}) {
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} style={{ marginTop: 0 }}>
        办理记录
      </h2>
      <AppealHistory items={items} />
    </section>
  );
}
