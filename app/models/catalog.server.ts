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
