/**
 * A cycle with an approved agenda, built through the services as the pages would: city-level appeals of
 * registry enterprises, compiled into the catalog, each given a proposed opinion, a slot and its lead
 * department as attendee by the demo secretary-general, submitted and approved by the demo leader.
 */
import type { Kysely } from "kysely";
import { sampleRegistry } from "../../../db/seed/registry-sample";
import type { Database } from "../../../db/schema";
import { catalogOf } from "~/models/catalog.server";
import { approveAgenda, saveAgendaEntry, submitAgenda } from "~/services/agenda.server";
import { compileCatalog } from "~/services/catalog.server";
import { approveOpinions, recordDecision, submitOpinions } from "~/services/opinions.server";
import { enterpriseOf, screenToCity, submitTestAppeal } from "./appeals";

const at = (s: string) => new Date(s);

export interface ApprovedAgenda {
  cycleId: number;
  cycleNumber: number;
  onsiteDate: string;
  users: Record<"office" | "secretary" | "leader" | "dept" | "enterprise" | "supervisor", number>;
  /** The appeals on the agenda, in catalog order. */
  items: { itemId: number; appealId: number; number: number; leadId: number }[];
}

/**
 * One appeal per lead department given, in the cycle whose window holds 2026-11-20; the first `onDay` of the
 * catalog (all by default) are taken on site, the rest only get their proposed opinion.
 */
export async function approvedAgenda(
  db: Kysely<Database>,
  leads: string[],
  opts: { enterpriseAccountFirst?: boolean; onDay?: number } = {},
): Promise<ApprovedAgenda> {
  const all = await db.selectFrom("users").select(["id", "username", "organisation_id"]).execute();
  const user = (n: string) => all.find((u) => u.username === n)!;
  const users = {
    office: user("office").id,
    secretary: user("secretary").id,
    leader: user("leader").id,
    dept: user("dept").id,
    enterprise: user("enterprise").id,
    supervisor: user("supervisor").id,
  };
  const orgs = new Map(
    (await db.selectFrom("organisations").select(["id", "name"]).execute()).map((o) => [o.name, o.id]),
  );
  const category = await db.selectFrom("appeal_categories").select("id").orderBy("position").executeTakeFirstOrThrow();
  const cycle = await db
    .selectFrom("cycles")
    .select(["id", "number", "onsite_date"])
    .where("booking_opens_at", "<=", at("2026-11-20T10:00:00+08:00"))
    .where("booking_closes_at", ">", at("2026-11-20T10:00:00+08:00"))
    .executeTakeFirstOrThrow();
  const roster = await db.selectFrom("roster_members").select(["id", "user_id"]).execute();
  await db
    .updateTable("cycles")
    .set({
      secretary_general_id: roster.find((r) => r.user_id === users.secretary)!.id,
      leader_id: roster.find((r) => r.user_id === users.leader)!.id,
    })
    .where("id", "=", cycle.id)
    .execute();

  // The demo enterprise's own registry entry first (so its account sees the appeal), then others of the city.
  const enterpriseOrg = user("enterprise").organisation_id;
  const own = await db
    .selectFrom("organisations as o")
    .innerJoin("enterprises as e", "e.id", "o.enterprise_id")
    .select(["e.credit_code", "e.name"])
    .where("o.id", "=", enterpriseOrg)
    .executeTakeFirstOrThrow();
  const others = sampleRegistry().filter(
    (e) => e.status === "存续" && e.region_code.startsWith("4451") && e.name !== own.name,
  );
  for (const [i, lead] of leads.entries()) {
    const e = i === 0 && opts.enterpriseAccountFirst !== false ? own : others[i * 5];
    const r = await submitTestAppeal(
      db,
      {
        ...enterpriseOf(e),
        contactName: "联系人",
        contactPhone: `1371234${String(i).padStart(4, "0")}`,
        contactEmail: `contact${i}@example.com`,
        title: `现场协调诉求${i + 1}`,
        content: "企业新建厂房配套道路和供电线路尚未接入,无法按期投产,需要市级部门协调解决。",
        categoryId: category.id,
        publishName: i === 0,
      },
      { enterpriseOrganisationId: i === 0 ? enterpriseOrg : null, now: at("2026-11-16T09:00:00+08:00") },
    );
    await screenToCity(db, r.appealId, orgs.get(lead)!, [], {
      actorId: users.office,
      now: at("2026-11-17T10:00:00+08:00"),
    });
  }
  const NOW = at("2026-11-30T10:00:00+08:00");
  const compiled = await compileCatalog(db, { cycleId: cycle.id, actorId: users.office, now: NOW });
  if (!compiled.ok) throw new Error(compiled.error);
  const catalog = await catalogOf(db, cycle.id);
  for (const [k, item] of catalog.entries()) {
    const saved = await saveAgendaEntry(db, {
      itemId: item.id,
      proposedOpinion: "建议牵头部门限期办结。",
      consultedIds: [],
      selected: k < (opts.onDay ?? catalog.length),
      slotStart: `${String(9 + k).padStart(2, "0")}:00`,
      slotEnd: `${String(9 + k).padStart(2, "0")}:30`,
      attendeeIds: [item.leadId!],
      userId: users.secretary,
      now: NOW,
    });
    if (!saved.ok) throw new Error(saved.error);
  }
  for (const r of [
    await submitAgenda(db, { cycleId: cycle.id, place: "市政务服务中心三楼会议室", userId: users.secretary, now: NOW }),
    await approveAgenda(db, { cycleId: cycle.id, userId: users.leader, now: NOW }),
  ])
    if (!r.ok) throw new Error(r.error);
  return {
    cycleId: cycle.id,
    cycleNumber: cycle.number,
    onsiteDate: cycle.onsite_date,
    users,
    items: catalog.map((i) => ({ itemId: i.id, appealId: i.appealId, number: i.number, leadId: i.leadId! })),
  };
}

/**
 * The meeting's outcome: every item on the agenda decided at 11:00 on the day (its lead department alone, due
 * `dueDate`), the opinions submitted by the office and approved by the leader; a refusal fails the test.
 */
export async function decideAndApprove(
  db: Kysely<Database>,
  g: ApprovedAgenda,
  opts: { decision: string; dueDate: string },
): Promise<void> {
  const onsite = at(`${g.onsiteDate}T11:00:00+08:00`);
  const { office, leader } = g.users;
  for (const item of g.items) {
    const r = await recordDecision(db, {
      itemId: item.itemId,
      leadId: item.leadId,
      coIds: [],
      ...opts,
      actorId: office,
      now: onsite,
    });
    if (!r.ok) throw new Error(r.error);
  }
  for (const r of [
    await submitOpinions(db, { cycleId: g.cycleId, actorId: office, now: onsite }),
    await approveOpinions(db, { cycleId: g.cycleId, userId: leader, now: onsite }),
  ])
    if (!r.ok) throw new Error(r.error);
}
