/** Reading a cycle's catalog and agenda: items in catalog order with what the documents and pages show. */
import { sortCatalog } from "~/domain/agenda";
import type { Db } from "./audit.server";

/** The catalog's items, grouped by lead department then category, in the order that sticks. */
export async function catalogOf(db: Db, cycleId: number) {
  const rows = await db
    .selectFrom("catalog_items as ci")
    .innerJoin("appeals as a", "a.id", "ci.appeal_id")
    .innerJoin("appeal_categories as cat", "cat.id", "a.category_id")
    .leftJoin("appeal_assignments as s", (j) =>
      j.onRef("s.appeal_id", "=", "a.id").on("s.role", "=", "lead").on("s.ended_at", "is", null),
    )
    .leftJoin("organisations as lead", "lead.id", "s.organisation_id")
    .leftJoin("enterprises as e", "e.id", "a.enterprise_id")
    .leftJoin("organisations as region", (j) =>
      j.onRef("region.region_code", "=", "e.region_code").on("region.kind", "=", "county"),
    )
    .leftJoin("agenda_entries as ag", "ag.catalog_item_id", "ci.id")
    .select([
      "ci.id",
      "ci.number",
      "ci.summary",
      "ci.position",
      "a.id as appealId",
      "a.tracking_number as trackingNumber",
      "a.title",
      "a.enterprise_name as enterpriseName",
      "a.contact_name as contactName",
      "a.contact_phone as contactPhone",
      "a.contact_email as contactEmail",
      "a.status",
      "a.county_id as countyId",
      "cat.name as categoryName",
      "cat.position as categoryPosition",
      "lead.id as leadId",
      "lead.name as leadName",
      "region.name as regionName",
      "ag.proposed_opinion as proposedOpinion",
      "ag.consulted_ids as consultedIds",
      "ag.selected",
      "ag.slot_start as slotStart",
      "ag.slot_end as slotEnd",
      "ag.slot_position as slotPosition",
      "ag.attendee_ids as attendeeIds",
    ])
    .where("ci.cycle_id", "=", cycleId)
    .execute();
  const withOrder = rows.map((r) => ({
    ...r,
    // An appeal without a lead (reassignment pending) sorts last.
    leadOrder: r.leadId ?? Number.MAX_SAFE_INTEGER,
    selected: r.selected ?? false,
    consultedIds: r.consultedIds ?? [],
    attendeeIds: r.attendeeIds ?? [],
  }));
  return sortCatalog(withOrder);
}

export type CatalogItem = Awaited<ReturnType<typeof catalogOf>>[number];

/** The replies that go into the catalog: the lead's reply and the county's opinion, by appeal. */
export async function catalogTexts(db: Db, appealIds: number[]) {
  if (appealIds.length === 0) return new Map<number, { reply: string | null; countyOpinion: string | null }>();
  const rows = await db
    .selectFrom("appeal_replies")
    .select(["appeal_id as appealId", "kind", "body"])
    .where("appeal_id", "in", appealIds)
    .where("kind", "in", ["reply", "county_opinion"])
    .orderBy("id")
    .execute();
  const out = new Map<number, { reply: string | null; countyOpinion: string | null }>();
  for (const r of rows) {
    const t = out.get(r.appealId) ?? { reply: null, countyOpinion: null };
    // The latest of each kind wins (a county may have asked twice).
    if (r.kind === "reply") t.reply = r.body;
    else t.countyOpinion = r.body;
    out.set(r.appealId, t);
  }
  return out;
}

/**
 * The on-site day at a glance: how many issues the catalog holds, and those picked for the day that have a
 * time slot, in time order (the day's time grid).
 */
export async function agendaDayOf(db: Db, cycleId: number) {
  const items = await catalogOf(db, cycleId);
  const slots = items
    .filter((i) => i.selected && i.slotStart && i.slotEnd)
    .map((i) => ({
      number: i.number,
      title: i.title,
      enterpriseName: i.enterpriseName,
      start: i.slotStart!,
      end: i.slotEnd!,
    }))
    .sort((a, b) => a.start.localeCompare(b.start) || a.number - b.number);
  return { catalogSize: items.length, slots };
}

/**
 * A cycle by number with the state of its agenda and handling opinions and who may act on them
 * (secretary-general, leader); null when none.
 */
export async function agendaCycle(db: Db, number: number) {
  if (!Number.isSafeInteger(number) || number < 1) return null;
  const c = await db
    .selectFrom("cycles as c")
    .leftJoin("roster_members as sg", "sg.id", "c.secretary_general_id")
    .leftJoin("roster_members as leader", "leader.id", "c.leader_id")
    .select([
      "c.id",
      "c.number",
      "c.onsite_date as onsiteDate",
      "c.onsite_place as place",
      "c.catalog_sent_at as catalogSentAt",
      "c.agenda_status as status",
      "c.agenda_version as version",
      "c.agenda_due_at as dueAt",
      "c.opinions_status as opinionsStatus",
      "c.opinions_approved_at as opinionsApprovedAt",
      "c.commitments_due_at as commitmentsDueAt",
      "sg.user_id as sgUserId",
      "sg.name as sgName",
      "sg.title as sgTitle",
      "leader.user_id as leaderUserId",
      "leader.name as leaderName",
      "leader.title as leaderTitle",
    ])
    .where("c.number", "=", number)
    .executeTakeFirst();
  return c ?? null;
}

/** An agenda's reviews (submitted, returned, approved), newest first, with who acted. */
export async function agendaReviews(db: Db, cycleId: number) {
  return db
    .selectFrom("agenda_reviews as r")
    .leftJoin("users as u", "u.id", "r.actor_id")
    .select(["r.id", "r.version", "r.action", "r.remarks", "r.at", "u.display_name as actorName"])
    .where("r.cycle_id", "=", cycleId)
    .orderBy("r.id", "desc")
    .execute();
}

/** The invitations an agenda version's approval queued (the outbox keys them agenda:<cycle>:v<version>:…). */
export async function agendaInvitationCount(db: Db, cycleId: number, version: number) {
  const row = await db
    .selectFrom("notifications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("dedupe_key", "like", `agenda:${cycleId}:v${version}:%`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The cycles a person is assigned to, as the rotating secretary-general or as the attending leader. */
export async function agendaCyclesOf(db: Db, userId: number) {
  return db
    .selectFrom("cycles as c")
    .leftJoin("roster_members as sg", "sg.id", "c.secretary_general_id")
    .leftJoin("roster_members as leader", "leader.id", "c.leader_id")
    .select([
      "c.number",
      "c.onsite_date as onsiteDate",
      "c.agenda_due_at as dueAt",
      "c.agenda_status as status",
      "c.agenda_version as version",
      "c.opinions_status as opinionsStatus",
      "sg.user_id as sgUserId",
      "sg.name as sgName",
      "leader.user_id as leaderUserId",
      "leader.name as leaderName",
    ])
    .where((eb) => eb.or([eb("sg.user_id", "=", userId), eb("leader.user_id", "=", userId)]))
    .orderBy("c.onsite_date", "desc")
    .execute();
}

/** The cycles whose catalog has been sent, newest on-site day first, with their leader and item count. */
export async function sentCatalogCycles(db: Db) {
  return db
    .selectFrom("cycles as c")
    .leftJoin("roster_members as leader", "leader.id", "c.leader_id")
    .select((eb) => [
      "c.number",
      "c.month",
      "c.onsite_date as onsiteDate",
      "c.catalog_due_at as dueAt",
      "c.catalog_sent_at as sentAt",
      "c.leader_confirmed_at as leaderConfirmedAt",
      "leader.name as leaderName",
      "leader.title as leaderTitle",
      eb
        .selectFrom("catalog_items as ci")
        .select((e) => e.fn.countAll<string>().as("n"))
        .whereRef("ci.cycle_id", "=", "c.id")
        .as("items"),
    ])
    .where("c.catalog_sent_at", "is not", null)
    .orderBy("c.onsite_date", "desc")
    .execute();
}

/** A cycle by number whose catalog has been sent, with its leader and who confirmed them; null when none. */
export async function sentCatalogCycle(db: Db, number: number) {
  if (!Number.isSafeInteger(number) || number < 1) return null;
  const c = await db
    .selectFrom("cycles as c")
    .leftJoin("roster_members as leader", "leader.id", "c.leader_id")
    .leftJoin("users as confirmer", "confirmer.id", "c.leader_confirmed_by")
    .select([
      "c.id",
      "c.number",
      "c.month",
      "c.onsite_date as onsiteDate",
      "c.catalog_due_at as catalogDueAt",
      "c.catalog_sent_at as catalogSentAt",
      "c.leader_id as leaderId",
      "c.leader_confirmed_at as leaderConfirmedAt",
      "leader.name as leaderName",
      "leader.title as leaderTitle",
      "confirmer.display_name as confirmedBy",
    ])
    .where("c.number", "=", number)
    .where("c.catalog_sent_at", "is not", null)
    .executeTakeFirst();
  return c ?? null;
}

/** A cycle by number with its catalog's sending and the agenda's state, for the office; null when none. */
export async function catalogCycle(db: Db, number: number) {
  if (!Number.isSafeInteger(number) || number < 1) return null;
  const c = await db
    .selectFrom("cycles as c")
    .leftJoin("users as sender", "sender.id", "c.catalog_sent_by")
    .select([
      "c.id",
      "c.number",
      "c.month",
      "c.onsite_date as onsiteDate",
      "c.catalog_due_at as catalogDueAt",
      "c.catalog_sent_at as catalogSentAt",
      "c.agenda_status as agendaStatus",
      "sender.display_name as sentBy",
    ])
    .where("c.number", "=", number)
    .executeTakeFirst();
  return c ?? null;
}
