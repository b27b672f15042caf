export interface AuditItem {
  id: string | number;
  action: string;
  at: string;
  actorName: string | null;
  summary: string;
  reason: string | null;
}

/** An append-only history, newest first: who, when, what, why. */
export function AuditList({ items, empty = "暂无变更记录。" }: { items: AuditItem[]; empty?: string }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ol className="timeline" aria-label="变更记录">
      {items.map((e) => (
        <li key={e.id}>
          <div>
            <strong>{e.summary}</strong>
          </div>
          <div className="hint">
            {e.at} · {e.actorName ?? "系统"}
            {e.reason ? ` · 原因:${e.reason}` : ""}
          </div>
        </li>
      ))}
    </ol>
  );
}
