/** Reading a cycle's on-site record: the agenda issues with the leader's decision on each, if recorded. */
import type { Db } from "./audit.server";
import { catalogOf } from "./catalog.server";

export async function onsiteRecordOf(db: Db, cycleId: number) {
  const items = (await catalogOf(db, cycleId)).filter((i) => i.selected);
  const [decisions, departments] = await Promise.all([
    items.length
      ? db
          .selectFrom("onsite_decisions")
          .selectAll()
          .where(
            "catalog_item_id",
            "in",
            items.map((i) => i.id),
          )
          .execute()
      : Promise.resolve([]),
    db
      .selectFrom("organisations")
      .select(["id", "name"])
      .where("kind", "=", "department")
      .where("active", "=", true)
      .orderBy("id")
      .execute(),
  ]);
  const byItem = new Map(decisions.map((d) => [d.catalog_item_id, d]));
  const name = (id: number) => departments.find((d) => d.id === id)?.name ?? "";
  const issues = items
    .map((i) => {
      const d = byItem.get(i.id);
      return {
        itemId: i.id,
        number: i.number,
        trackingNumber: i.trackingNumber,
        title: i.title,
        enterpriseName: i.enterpriseName,
        summary: i.summary,
        slotStart: i.slotStart,
        slotEnd: i.slotEnd,
        proposedOpinion: i.proposedOpinion,
        defaultLeadId: i.leadId,
        decision: d
          ? {
              text: d.decision,
              leadId: d.lead_id,
              leadName: name(d.lead_id),
              coIds: d.co_ids,
              coNames: d.co_ids.map(name).filter(Boolean),
              dueDate: d.due_date,
            }
          : null,
      };
    })
    .sort((a, b) => (a.slotStart ?? "99").localeCompare(b.slotStart ?? "99") || a.number - b.number);
  return { issues, departments };
}

export type OnsiteIssue = Awaited<ReturnType<typeof onsiteRecordOf>>["issues"][number];

/** The tasks a cycle's approved opinions started, with their lead department, for the office's overview. */
export async function cycleTasks(db: Db, cycleId: number) {
  return db
    .selectFrom("tasks as t")
    .innerJoin("appeals as a", "a.id", "t.appeal_id")
    .innerJoin("organisations as o", "o.id", "t.organisation_id")
    .select([
      "t.id",
      "t.state",
      "t.commitment_on_time as onTime",
      "a.tracking_number as trackingNumber",
      "a.title",
      "o.name as organisationName",
    ])
    .where("t.cycle_id", "=", cycleId)
    .orderBy("t.id")
    .execute();
}

/** The issues of a cycle (or of an organisation, all cycles) not taken on site, with their answers. */
export async function offAgendaAnswers(db: Db, f: { cycleId?: number; organisationId?: number }) {
  let q = db
    .selectFrom("off_agenda_answers as x")
    .innerJoin("catalog_items as ci", "ci.id", "x.catalog_item_id")
    .innerJoin("appeals as a", "a.id", "x.appeal_id")
    .innerJoin("organisations as o", "o.id", "x.organisation_id")
    .innerJoin("cycles as c", "c.id", "x.cycle_id")
    .select([
      "x.catalog_item_id as itemId",
      "ci.number",
      "ci.summary",
      "c.number as cycleNumber",
      "a.tracking_number as trackingNumber",
      "a.title",
      "a.enterprise_name as enterpriseName",
      "o.name as organisationName",
      "x.due_at as dueAt",
      "x.body",
      "x.answered_at as answeredAt",
      "x.on_time as onTime",
      "x.sent_at as sentAt",
    ]);
  if (f.cycleId) q = q.where("x.cycle_id", "=", f.cycleId);
  if (f.organisationId) q = q.where("x.organisation_id", "=", f.organisationId);
  return q
    .orderBy("x.sent_at", (o) => o.nullsFirst())
    .orderBy("x.due_at")
    .orderBy("ci.number")
    .limit(500)
    .execute();
}

/** The cycle, locked, with what the handling opinions need; undefined when there is none. */
export async function lockCycleForOpinions(trx: Db, cycleId: number) {
  return trx
    .selectFrom("cycles as c")
    .leftJoin("roster_members as leader", "leader.id", "c.leader_id")
    .select([
      "c.id",
      "c.number",
      "c.onsite_date as onsiteDate",
      "c.agenda_status as agendaStatus",
      "c.opinions_status as opinionsStatus",
      "c.commitments_due_at as commitmentsDueAt",
      "leader.user_id as leaderUserId",
    ])
    .where("c.id", "=", cycleId)
    .forUpdate("c")
    .executeTakeFirst();
}

/** The issues of a cycle's approved agenda, with their appeal and lead department. */
export async function agendaIssues(trx: Db, cycleId: number) {
  return trx
    .selectFrom("catalog_items as ci")
    .innerJoin("agenda_entries as ag", "ag.catalog_item_id", "ci.id")
    .select(["ci.id", "ci.number", "ci.appeal_id as appealId"])
    .where("ci.cycle_id", "=", cycleId)
    .where("ag.selected", "=", true)
    .orderBy("ci.number")
    .execute();
}
