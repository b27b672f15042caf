import type { Kysely } from "kysely";
import { sql } from "kysely";
import { appendAudit } from "~/models/audit.server";
import type { Database } from "../../db/schema";

export type RosterKind = "leader" | "secretary_general";
export type RosterResult = { ok: true } | { ok: false; error: string; field?: string };

/** Add someone at the end of the rotation. */
export async function addRosterMember(
  db: Kysely<Database>,
  input: { kind: RosterKind; name: string; title: string; actorId: number; now: Date },
): Promise<RosterResult> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('roster'))`.execute(trx);
    const { max } = await trx
      .selectFrom("roster_members")
      .select((eb) => eb.fn.max("position").as("max"))
      .where("kind", "=", input.kind)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto("roster_members")
      .values({ kind: input.kind, name: input.name, title: input.title, position: Number(max ?? 0) + 1, user_id: null })
      .onConflict((oc) => oc.columns(["kind", "name"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) return { ok: false, error: `名单中已有“${input.name}”`, field: "name" };
    await appendAudit(trx, {
      entity: "roster",
      entityId: row.id,
      action: "added",
      actorId: input.actorId,
      at: input.now,
      to: input,
    });
    return { ok: true };
  });
}

/** Swap a member with its neighbour in the rotation order. */
export async function moveRosterMember(
  db: Kysely<Database>,
  input: { id: number; direction: "up" | "down"; actorId: number; now: Date },
): Promise<RosterResult> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('roster'))`.execute(trx);
    const member = await trx
      .selectFrom("roster_members")
      .select(["id", "kind", "position", "name"])
      .where("id", "=", input.id)
      .executeTakeFirst();
    if (!member) return { ok: false, error: "该人员不在名单中" };
    const neighbour = await trx
      .selectFrom("roster_members")
      .select(["id", "position"])
      .where("kind", "=", member.kind)
      .where("position", input.direction === "up" ? "<" : ">", member.position)
      .orderBy("position", input.direction === "up" ? "desc" : "asc")
      .limit(1)
      .executeTakeFirst();
    if (!neighbour) return { ok: false, error: input.direction === "up" ? "已在首位" : "已在末位" };
    await trx.updateTable("roster_members").set({ position: neighbour.position }).where("id", "=", member.id).execute();
    await trx.updateTable("roster_members").set({ position: member.position }).where("id", "=", neighbour.id).execute();
    await appendAudit(trx, {
      entity: "roster",
      entityId: member.id,
      action: "reordered",
      actorId: input.actorId,
      at: input.now,
      from: { position: member.position },
      to: { position: neighbour.position },
    });
    return { ok: true };
  });
}

export async function setRosterMemberActive(
  db: Kysely<Database>,
  input: { id: number; active: boolean; actorId: number; now: Date },
): Promise<RosterResult> {
  return db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom("roster_members")
      .select(["id", "active"])
      .where("id", "=", input.id)
      .forUpdate()
      .executeTakeFirst();
    if (!member) return { ok: false, error: "该人员不在名单中" };
    if (member.active === input.active)
      return { ok: false, error: input.active ? "该人员已在轮值名单中" : "该人员已停用" };
    await trx.updateTable("roster_members").set({ active: input.active }).where("id", "=", input.id).execute();
    await appendAudit(trx, {
      entity: "roster",
      entityId: input.id,
      action: input.active ? "activated" : "deactivated",
      actorId: input.actorId,
      at: input.now,
      from: { active: member.active },
      to: { active: input.active },
    });
    return { ok: true };
  });
}
