/**
 * Data for the specs after the on-site day, made through the services as the earlier pages would: city-level
 * appeals received in a cycle's window, compiled into its catalog, put on the day by the demo
 * secretary-general and approved by the demo leader; and, for the supervision spec, the handling opinions
 * recorded and approved too, which starts the tasks.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { catalogOf } from "../../app/models/catalog.server";
import { approveAgenda, saveAgendaEntry, submitAgenda } from "../../app/services/agenda.server";
import { compileCatalog } from "../../app/services/catalog.server";
import { approveOpinions, recordDecision, submitOpinions } from "../../app/services/opinions.server";
import { bookAppeal, cityEnterprises, ok, screenAs, userIdOf } from "./service-setup";

export { ok };

const HOUR = 3600_000;

/**
 * One city-level appeal per title (市工业和信息化局 leads), compiled; the first `onDay` (all by default) taken
 * on site; the agenda approved at `now`.
 */
export async function approvedAgendaOf(
  db: Kysely<Database>,
  cycle: { id: number; opensAt: Date },
  opts: { titles: string[]; enterpriseOffset: number; now: Date; onDay?: number },
) {
  const received = new Date(cycle.opensAt.getTime() + 6 * HOUR);
  const [office, secretary, leader] = await Promise.all(["office", "secretary", "leader"].map((u) => userIdOf(db, u)));
  const enterprises = await cityEnterprises(db, opts.enterpriseOffset, opts.titles.length);
  const appeals = [];
  for (const [i, e] of enterprises.entries()) {
    const r = await bookAppeal(
      db,
      {
        enterprise: e,
        title: opts.titles[i],
        contactName: "陈经理",
        contactPhone: `1390000${String(7000 + opts.enterpriseOffset + i).padStart(4, "0")}`,
        content: "我司新建厂房配套道路和供电线路尚未接入,无法按期投产,请协调有关部门加快办理。",
      },
      { at: received },
    );
    await screenAs(db, r.appealId, { lead: "市工业和信息化局" }, new Date(received.getTime() + HOUR));
    appeals.push({ ...r, title: opts.titles[i] });
  }
  const member = async (id: number) =>
    (await db.selectFrom("roster_members").select("id").where("user_id", "=", id).executeTakeFirstOrThrow()).id;
  await db
    .updateTable("cycles")
    .set({ secretary_general_id: await member(secretary), leader_id: await member(leader) })
    .where("id", "=", cycle.id)
    .execute();
  ok(await compileCatalog(db, { cycleId: cycle.id, actorId: office, now: opts.now }));
  for (const [k, item] of (await catalogOf(db, cycle.id)).entries()) {
    const mine = appeals.findIndex((a) => a.appealId === item.appealId);
    if (mine < 0) continue;
    ok(
      await saveAgendaEntry(db, {
        itemId: item.id,
        proposedOpinion: `建议由${item.leadName}牵头限期办结。`,
        consultedIds: [],
        selected: mine < (opts.onDay ?? appeals.length),
        slotStart: `${String(9 + k).padStart(2, "0")}:00`,
        slotEnd: `${String(9 + k).padStart(2, "0")}:40`,
        attendeeIds: [item.leadId!],
        userId: secretary,
        now: opts.now,
      }),
    );
  }
  ok(
    await submitAgenda(db, { cycleId: cycle.id, place: "市政务服务中心三楼会议室", userId: secretary, now: opts.now }),
  );
  ok(await approveAgenda(db, { cycleId: cycle.id, userId: leader, now: opts.now }));
  return appeals;
}

/** The agenda's decisions recorded and approved at `now`: one task per appeal, led by 市工业和信息化局. */
export async function startTasks(db: Kysely<Database>, cycleId: number, now: Date) {
  const [office, leader] = await Promise.all(["office", "leader"].map((u) => userIdOf(db, u)));
  const items = (await catalogOf(db, cycleId)).filter((i) => i.selected);
  for (const item of items)
    ok(
      await recordDecision(db, {
        itemId: item.id,
        decision: `由${item.leadName}牵头,限期办结。`,
        leadId: item.leadId!,
        coIds: [],
        dueDate: "2026-12-31",
        actorId: office,
        now,
      }),
    );
  ok(await submitOpinions(db, { cycleId, actorId: office, now }));
  ok(await approveOpinions(db, { cycleId, userId: leader, now }));
  return db.selectFrom("tasks").select(["id", "appeal_id as appealId"]).where("cycle_id", "=", cycleId).execute();
}
