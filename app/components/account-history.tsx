import type { HistoryEntry } from "~/services/accounts.server";

/** The audit trail of an account or an organisation (操作记录), newest first, with each field's change. */
export function AccountHistory({ titleId, entries }: { titleId: string; entries: HistoryEntry[] }) {
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId} style={{ marginTop: 0 }}>
        操作记录
      </h2>
      {entries.length === 0 ? (
        <p className="muted">暂无记录。</p>
      ) : (
        <ol className="timeline">
          {entries.map((h) => (
            <li key={h.id}>
              <strong>{h.action}</strong> · {h.at} · {h.actorName}
              {h.changes.map((c) => (
                <div key={c.field}>
                  {c.field}:{c.from === null ? c.to : `${c.from} → ${c.to}`}
                </div>
              ))}
              {h.reason ? <div className="muted">原因:{h.reason}</div> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
