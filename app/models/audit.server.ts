import type { Kysely, Transaction } from "kysely";
import type { AuditAction, AuditEntity } from "~/domain/audit";
import type { Database } from "../../db/schema";

export type Db = Kysely<Database> | Transaction<Database>;

/** One audit record; the action must be one listed for its entity in app/domain/audit.ts. */
export type AuditRecord = { [E in AuditEntity]: AuditRecordOf<E> }[AuditEntity];

interface AuditRecordOf<E extends AuditEntity> {
  entity: E;
  entityId: string | number;
  action: AuditAction<E>;
  actorId: number | null;
  at: Date;
  from?: unknown;
  to?: unknown;
  reason?: string | null;
}

export async function appendAudit(db: Db, r: AuditRecord): Promise<void> {
  await db
    .insertInto("audit_events")
    .values({
      entity: r.entity,
      entity_id: String(r.entityId),
      action: r.action,
      actor_id: r.actorId,
      at: r.at,
      from_value: r.from === undefined ? null : JSON.stringify(r.from),
      to_value: r.to === undefined ? null : JSON.stringify(r.to),
      reason: r.reason ?? null,
    })
    .execute();
}

export async function auditHistory(db: Db, entity: string, entityId: string | number, limit = 200) {
  return db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_id")
    .select([
      "audit_events.id",
      "audit_events.action",
      "audit_events.at",
      "audit_events.from_value",
      "audit_events.to_value",
      "audit_events.reason",
      "users.display_name as actorName",
    ])
    .where("audit_events.entity", "=", entity)
    .where("audit_events.entity_id", "=", String(entityId))
    .orderBy("audit_events.at", "desc")
    .orderBy("audit_events.id", "desc")
    .limit(limit)
    .execute();
}

/** History of every entity whose id starts with `prefix` (e.g. the calendar days of one year). */
export async function auditHistoryByPrefix(db: Db, entity: string, prefix: string, limit = 200) {
  return db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_id")
    .select([
      "audit_events.id",
      "audit_events.entity_id as entityId",
      "audit_events.action",
      "audit_events.at",
      "audit_events.from_value",
      "audit_events.to_value",
      "audit_events.reason",
      "users.display_name as actorName",
    ])
    .where("audit_events.entity", "=", entity)
    .where("audit_events.entity_id", "like", `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    .orderBy("audit_events.at", "desc")
    .orderBy("audit_events.id", "desc")
    .limit(limit)
    .execute();
}
