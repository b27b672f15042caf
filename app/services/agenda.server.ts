/**
 * The on-site agenda (SPEC §4 step 7): the rotating secretary-general of the cycle writes a proposed
 * opinion per catalog issue (recording the departments consulted), picks, orders and times the issues with
 * the organisations to attend, and submits the list within the agenda deadline; the cycle's leader returns
 * it with remarks or approves it. Approval locks it and invites, through the outbox, the enterprises,
 * counties and departments concerned; a change after approval goes back to the leader, and its approval
 * invites again only those the change concerns (a new version).
 */
import type { Kysely } from "kysely";
import { AGENDA_EDITABLE } from "~/domain/cycle-transitions";
import {
  affectedByChange,
  agendaProblems,
  minutesOf,
  type AgendaReviewAction,
  type AgendaSnapshot,
} from "~/domain/agenda";
import { formatDateZh } from "~/domain/calendar";
import { appendAudit, type Db } from "~/models/audit.server";
import { catalogOf, type CatalogItem } from "~/models/catalog.server";
import { transitionCycle } from "~/services/cycle-state.server";
import { enqueueNotification } from "~/services/notifications.server";
import { Refusal, refusableStep, type StepResult } from "~/services/refusal.server";
import type { Database } from "../../db/schema";

export type AgendaResult = StepResult;

/** The cycle, locked, if the user is its secretary-general (or its leader); else refused like a missing one. */
async function cycleFor(trx: Db, cycleId: number, userId: number, as: "secretary_general" | "leader") {
  const c = await trx
    .selectFrom("cycles as c")
    .leftJoin("roster_members as r", "r.id", as === "leader" ? "c.leader_id" : "c.secretary_general_id")
    .select([
      "c.id",
      "c.number",
      "c.onsite_date as onsiteDate",
      "c.onsite_place as place",
      "c.agenda_status as status",
      "c.agenda_version as version",
      "c.agenda_due_at as dueAt",
      "r.user_id as userId",
    ])
    .where("c.id", "=", cycleId)
    .forUpdate("c")
    .executeTakeFirst();
  if (!c || c.userId !== userId) throw new Refusal("没有找到该期次的议程。");
  return c;
}

/** Save the secretary-general's work on one catalog issue. */
export function saveAgendaEntry(
  db: Kysely<Database>,
  input: {
    itemId: number;
    proposedOpinion: string;
    consultedIds: number[];
    selected: boolean;
    slotStart: string | null;
    slotEnd: string | null;
    attendeeIds: number[];
    userId: number;
    now: Date;
  },
): Promise<AgendaResult> {
  return refusableStep(db, async (trx) => {
    const item = await trx
      .selectFrom("catalog_items")
      .select(["id", "cycle_id", "number"])
      .where("id", "=", input.itemId)
      .executeTakeFirst();
    if (!item) throw new Refusal("没有找到该问题。");
    const cycle = await cycleFor(trx, item.cycle_id, input.userId, "secretary_general");
    if (!AGENDA_EDITABLE.includes(cycle.status)) throw new Refusal("议程已报送市领导审定,请等待审定结果。");
    if (input.proposedOpinion.length > 2000) throw new Refusal("拟办意见不超过2000字", "proposedOpinion");
    if (input.selected) {
      if (input.slotStart && minutesOf(input.slotStart) === null) throw new Refusal("请填写开始时间", "slotStart");
      if (input.slotEnd && minutesOf(input.slotEnd) === null) throw new Refusal("请填写结束时间", "slotEnd");
    }
    const ids = [...new Set([...input.consultedIds, ...input.attendeeIds])];
    if (ids.length) {
      const known = await trx
        .selectFrom("organisations")
        .select("id")
        .where("id", "in", ids)
        .where("kind", "in", ["department", "county"])
        .execute();
      if (known.length !== ids.length) throw new Refusal("所选单位中有无效的单位", "attendeeIds");
    }
    const values = {
      proposed_opinion: input.proposedOpinion.trim() || null,
      consulted_ids: [...new Set(input.consultedIds)],
      selected: input.selected,
      slot_start: input.selected ? input.slotStart || null : null,
      slot_end: input.selected ? input.slotEnd || null : null,
      attendee_ids: input.selected ? [...new Set(input.attendeeIds)] : [],
      updated_at: input.now,
      updated_by: input.userId,
    };
    await trx
      .insertInto("agenda_entries")
      .values({ catalog_item_id: item.id, ...values })
      .onConflict((oc) => oc.column("catalog_item_id").doUpdateSet(values))
      .execute();
    // A change to an approved agenda needs the leader again.
    if (cycle.status === "approved")
      await transitionCycle(trx, {
        cycleId: cycle.id,
        life: "agenda",
        action: "agenda.reopened",
        actorId: input.userId,
        at: input.now,
        audit: { version: cycle.version, item: item.number },
      });
    await appendAudit(trx, {
      entity: "catalog_item",
      entityId: item.id,
      action: "agenda.entry_saved",
      actorId: input.userId,
      at: input.now,
      to: { ...values, updated_at: undefined, updated_by: undefined },
    });
    return `已保存第${item.number}号问题。`;
  });
}

/** A step of the agenda's review, with the agenda as it stood (what a later approval compares against). */
async function recordReview(
  trx: Db,
  r: {
    cycleId: number;
    version: number;
    action: AgendaReviewAction;
    remarks: string | null;
    snapshot: AgendaSnapshot;
    actorId: number;
    at: Date;
  },
) {
  await trx
    .insertInto("agenda_reviews")
    .values({
      cycle_id: r.cycleId,
      version: r.version,
      action: r.action,
      remarks: r.remarks,
      snapshot: JSON.stringify(r.snapshot),
      actor_id: r.actorId,
      at: r.at,
    })
    .execute();
}

function snapshotOf(place: string, items: CatalogItem[]): AgendaSnapshot & { items: unknown[] } {
  const picked = items
    .filter((i) => i.selected && i.slotStart && i.slotEnd)
    .sort((a, b) => (minutesOf(a.slotStart) ?? 0) - (minutesOf(b.slotStart) ?? 0));
  return {
    place,
    slots: picked.map((i) => ({
      appealId: i.appealId,
      slotStart: i.slotStart!,
      slotEnd: i.slotEnd!,
      attendeeIds: [...i.attendeeIds].sort((a, b) => a - b),
    })),
    items: items.map((i) => ({
      number: i.number,
      appealId: i.appealId,
      summary: i.summary,
      proposedOpinion: i.proposedOpinion,
    })),
  };
}

/** Submit the list to the leader; refused while anything is missing (what, is said). */
export function submitAgenda(
  db: Kysely<Database>,
  input: { cycleId: number; place: string; userId: number; now: Date },
): Promise<AgendaResult> {
  return refusableStep(db, async (trx) => {
    const cycle = await cycleFor(trx, input.cycleId, input.userId, "secretary_general");
    if (cycle.status === "submitted") throw new Refusal("议程已报送,请等待市领导审定。");
    if (cycle.status === "approved") throw new Refusal("议程已审定,没有新的修改需要报送。");
    const place = input.place.trim();
    if (!place) throw new Refusal("请填写现场活动地点", "place");
    const items = await catalogOf(trx, cycle.id);
    const problems = agendaProblems(items);
    if (problems.length) throw new Refusal(`尚不能报送:${problems.join(";")}。`);
    const version = cycle.version + 1;
    await transitionCycle(trx, {
      cycleId: cycle.id,
      life: "agenda",
      action: "agenda.submitted",
      actorId: input.userId,
      at: input.now,
      patch: { agenda_version: version, onsite_place: place },
      audit: { version, place, late: input.now > cycle.dueAt },
    });
    await recordReview(trx, {
      cycleId: cycle.id,
      version: version,
      action: "submitted",
      remarks: null,
      snapshot: snapshotOf(place, items),
      actorId: input.userId,
      at: input.now,
    });
    const late = input.now > cycle.dueAt;
    return late ? "议程已报送市领导(晚于审定期限)。" : "议程已报送市领导审定。";
  });
}

/** The leader sends the list back to the secretary-general with remarks. */
export function returnAgenda(
  db: Kysely<Database>,
  input: { cycleId: number; remarks: string; userId: number; now: Date },
): Promise<AgendaResult> {
  return refusableStep(db, async (trx) => {
    const cycle = await cycleFor(trx, input.cycleId, input.userId, "leader");
    if (cycle.status !== "submitted") throw new Refusal("没有待审定的议程。");
    const remarks = input.remarks.trim();
    if (!remarks) throw new Refusal("请写明退回意见", "remarks");
    await transitionCycle(trx, {
      cycleId: cycle.id,
      life: "agenda",
      action: "agenda.returned",
      actorId: input.userId,
      at: input.now,
      audit: { version: cycle.version },
      reason: remarks,
    });
    const items = await catalogOf(trx, cycle.id);
    await recordReview(trx, {
      cycleId: cycle.id,
      version: cycle.version,
      action: "returned",
      remarks: remarks,
      snapshot: snapshotOf(cycle.place ?? "", items),
      actorId: input.userId,
      at: input.now,
    });
    return "已退回秘书长修改。";
  });
}

/**
 * The leader approves: the agenda is locked as this version, and the enterprises and organisations it
 * concerns (all of them the first time, only those a change concerns afterwards) are invited.
 */
export function approveAgenda(
  db: Kysely<Database>,
  input: { cycleId: number; userId: number; now: Date },
): Promise<AgendaResult> {
  return refusableStep(db, async (trx) => {
    const cycle = await cycleFor(trx, input.cycleId, input.userId, "leader");
    if (cycle.status !== "submitted") throw new Refusal("没有待审定的议程。");
    const items = await catalogOf(trx, cycle.id);
    const snap = snapshotOf(cycle.place ?? "", items);
    const previous = await trx
      .selectFrom("agenda_reviews")
      .select("snapshot")
      .where("cycle_id", "=", cycle.id)
      .where("action", "=", "approved")
      .orderBy("id", "desc")
      .executeTakeFirst();
    const affected = affectedByChange((previous?.snapshot as AgendaSnapshot | undefined) ?? null, snap);
    await recordReview(trx, {
      cycleId: cycle.id,
      version: cycle.version,
      action: "approved",
      remarks: null,
      snapshot: snap,
      actorId: input.userId,
      at: input.now,
    });
    let sent = 0;
    await transitionCycle(trx, {
      cycleId: cycle.id,
      life: "agenda",
      action: "agenda.approved",
      actorId: input.userId,
      at: input.now,
      audit: { version: cycle.version },
      owed: async () => {
        sent = await queueInvitations(trx, {
          cycleId: cycle.id,
          cycleNumber: cycle.number,
          onsiteDate: cycle.onsiteDate,
          place: snap.place,
          version: cycle.version,
          changed: Boolean(previous),
          items,
          snapshot: snap,
          affected,
          now: input.now,
        });
        return { invitations: sent };
      },
    });
    return `议程已审定,已发出 ${sent} 条通知。`;
  });
}

async function queueInvitations(
  trx: Db,
  a: {
    cycleId: number;
    cycleNumber: number;
    onsiteDate: string;
    place: string;
    version: number;
    changed: boolean;
    items: CatalogItem[];
    snapshot: AgendaSnapshot;
    affected: { appealIds: number[]; organisationIds: number[] };
    now: Date;
  },
): Promise<number> {
  const date = formatDateZh(a.onsiteDate);
  const head = a.changed
    ? `【直通车】第${a.cycleNumber}期现场活动安排有变更:`
    : `【直通车】第${a.cycleNumber}期现场活动邀请:`;
  const byAppeal = new Map(a.items.map((i) => [i.appealId, i]));
  const slotOf = new Map(a.snapshot.slots.map((s) => [s.appealId, s]));
  let sent = 0;
  const queue = async (
    key: string,
    phone: string | null,
    email: string | null,
    subject: string,
    text: string,
    appealId: number | null,
  ) => {
    for (const [channel, recipient] of [
      ["sms", phone],
      ["email", email],
    ] as const) {
      if (!recipient) continue;
      const added = await enqueueNotification(trx, {
        dedupeKey: `agenda:${a.cycleId}:v${a.version}:${key}:${channel}`,
        channel,
        recipient,
        template: a.changed ? "agenda-change" : "agenda-invitation",
        subject: channel === "email" ? subject : null,
        text,
        appealId,
        now: a.now,
      });
      if (added) sent++;
    }
  };
  for (const appealId of a.affected.appealIds) {
    const item = byAppeal.get(appealId);
    if (!item) continue;
    const slot = slotOf.get(appealId);
    const text = slot
      ? `${head}您的诉求“${item.title}”(${item.trackingNumber})列入${date} ${slot.slotStart}—${slot.slotEnd}现场协调,地点:${a.place}。请企业负责人准时参加。`
      : `${head}您的诉求“${item.title}”(${item.trackingNumber})不再列入本期现场协调,将由承办部门按程序答复。`;
    await queue(
      `appeal:${appealId}`,
      item.contactPhone,
      item.contactEmail,
      `第${a.cycleNumber}期现场活动${a.changed ? "变更" : "邀请"}`,
      text,
      appealId,
    );
  }
  if (a.affected.organisationIds.length) {
    const orgs = await trx
      .selectFrom("organisations")
      .select(["id", "name", "contact_phone", "contact_email"])
      .where("id", "in", a.affected.organisationIds)
      .execute();
    for (const o of orgs) {
      const mine = a.snapshot.slots.filter((s) => s.attendeeIds.includes(o.id));
      const lines = mine.map((s) => {
        const item = byAppeal.get(s.appealId)!;
        return `${s.slotStart}—${s.slotEnd} 第${item.number}号“${item.title}”`;
      });
      const text = mine.length
        ? `${head}${o.name}:请于${date}到${a.place}参加现场协调:${lines.join(";")}。`
        : `${head}${o.name}:本期现场协调已不再安排你单位参加。`;
      await queue(
        `org:${o.id}`,
        o.contact_phone,
        o.contact_email,
        `第${a.cycleNumber}期现场活动${a.changed ? "变更" : "通知"}`,
        text,
        null,
      );
    }
  }
  return sent;
}
