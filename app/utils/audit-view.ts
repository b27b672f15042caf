import { formatInstantZh } from "~/domain/calendar";
import type { AuditItem } from "~/components/audit-list";

type Row = {
  id: string | number;
  action: string;
  at: Date;
  from_value: unknown;
  to_value: unknown;
  reason: string | null;
  actorName: string | null;
  entityId?: string;
};

/** Audit rows as plain lines for people; `describe` turns one row into a sentence. */
export function auditItems(rows: Row[], describe: (r: Row) => string): AuditItem[] {
  return rows.map((r) => ({
    id: String(r.id),
    action: r.action,
    at: formatInstantZh(r.at),
    actorName: r.actorName,
    summary: describe(r),
    reason: r.reason,
  }));
}
