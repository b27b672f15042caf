/**
 * Handling by departments and counties (SPEC §4 steps 4–5): accept or dispute, reply and co-opinions,
 * extensions, the county's reply or escalation, and the platform office's decisions on disputes,
 * extensions and escalations. One transaction per step, guarded by the state it starts from, so a double
 * click or a colleague's earlier click changes nothing; each step freezes and starts the clocks it
 * concerns and writes the appeal's history (with a plain-words note for the enterprise where it matters).
 */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { STATUS_LABEL } from "~/domain/appeal";
import type { SniffedType } from "~/domain/attachment";
import { formatInstantZh, type LocalDate } from "~/domain/calendar";
import { CLOCK_LABEL, extendedDueAt, reminderAt } from "~/domain/clocks";
import type { Db } from "~/models/audit.server";
import { loadWorkCalendar } from "~/models/calendar.server";
import {
  assignmentForUpdate,
  finishClock,
  insertAssignmentsWithClocks,
  openClockOf,
  startClock,
  stopClocksOf,
} from "~/models/handling.server";
import { organisationsByIds } from "~/models/screening.server";
import { queueAssignmentNotices } from "~/services/appeal-notices.server";
import { transitionAppeal } from "~/services/appeal-state.server";
import { transitionAssignment } from "~/services/assignment-state.server";
import { transitionExtension } from "~/services/extension-state.server";
import { Refusal, refusableStep, type StepResult } from "~/services/refusal.server";
import type { Database } from "../../db/schema";

export interface Actor {
  id: number;
  organisationId: number;
}

export type HandlingResult = StepResult;

export interface ReplyAttachment {
  filename: string;
  type: SniffedType;
  bytes: Uint8Array;
}

const STALE = "该诉求的状态已经变化(可能已由他人处理),本次操作未执行,请刷新页面。";

/** The assignment, locked, checked to be the actor's own and in one of the expected states. */
async function ownAssignment(trx: Db, assignmentId: number, actor: Actor, states: string[]) {
  const s = await assignmentForUpdate(trx, assignmentId);
  // Someone else's assignment answers like a missing one.
  if (!s || s.organisationId !== actor.organisationId) throw new Refusal("没有找到该交办事项。");
  if (!states.includes(s.state)) throw new Refusal(STALE);
  return s;
}

/** What every written answer (reply, opinion, county reply or opinion) carries. */
interface WrittenAnswer {
  assignmentId: number;
  attachments: ReplyAttachment[];
  /** Made when the form was shown: a double submit or a retry records the answer once. */
  submissionKey: string;
  actor: Actor;
  now: Date;
}

/**
 * Lock the actor's assignment for a written answer; null when this submission was recorded already (the
 * second of a double submit waits for the first's lock, then finds its key).
 */
async function assignmentForAnswer(trx: Db, input: WrittenAnswer, states: string[]) {
  const s = await assignmentForUpdate(trx, input.assignmentId);
  if (!s || s.organisationId !== input.actor.organisationId) throw new Refusal("没有找到该交办事项。");
  const recorded = await trx
    .selectFrom("appeal_replies")
    .select("id")
    .where("submission_key", "=", input.submissionKey)
    .executeTakeFirst();
  if (recorded) return null;
  if (!states.includes(s.state)) throw new Refusal(STALE);
  return s;
}

function required(text: string | undefined | null, message: string, field: string): string {
  const t = (text ?? "").trim();
  if (!t) throw new Refusal(message, field);
  return t;
}

// ——— Departments ———

/** Accept an assignment: the accept clock stops; the reply clock (lead) or the opinion clock (co) starts. */
export function acceptAssignment(
  db: Kysely<Database>,
  input: { assignmentId: number; actor: Actor; now: Date },
): Promise<HandlingResult> {
  return refusableStep(db, async (trx) => {
    const s = await ownAssignment(trx, input.assignmentId, input.actor, ["assigned"]);
    if (s.role === "county") throw new Refusal(STALE);
    const accept = await finishClock(trx, s.id, "accept", input.now, "done");
    const cal = await loadWorkCalendar(trx);
    const next = await startClock(trx, cal, {
      appealId: s.appealId,
      assignmentId: s.id,
      organisationId: s.organisationId,
      kind: s.role === "lead" ? "reply" : "opinion",
      at: input.now,
    });
    const role = s.role === "lead" ? "牵头" : "协办";
    await transitionAssignment(trx, {
      assignmentId: s.id,
      action: "accepted",
      actorId: input.actor.id,
      patch: { accepted_at: input.now },
      history: {
        at: input.now,
        reason:
          `${s.organisationName}接收(${role})` +
          (accept && !accept.onTime ? ",超过接收时限" : "") +
          `;${s.role === "lead" ? "答复" : "协办意见"}期限 ${formatInstantZh(next.dueAt)}`,
        publicNote: s.role === "lead" ? `${s.organisationName}已接收您的诉求,正在办理。` : null,
      },
    });
    return `已接收。请于 ${formatInstantZh(next.dueAt)} 前${s.role === "lead" ? "答复办理意见" : "提出协办意见"}。`;
  });
}

/** Dispute an assignment with a reason and a proposed owner: it goes back to the platform office. */
export function disputeAssignment(
  db: Kysely<Database>,
  input: {
    assignmentId: number;
    reason: string;
    proposedOwnerId?: number | null;
    proposedOwnerText?: string | null;
    actor: Actor;
    now: Date;
  },
): Promise<HandlingResult> {
  return refusableStep(db, async (trx) => {
    const s = await ownAssignment(trx, input.assignmentId, input.actor, ["assigned"]);
    if (s.role === "county") throw new Refusal(STALE);
    const reason = required(input.reason, "请写明异议理由", "reason");
    const text = input.proposedOwnerText?.trim() || null;
    if (!input.proposedOwnerId && !text) throw new Refusal("请提出建议的承办单位", "proposedOwnerId");
    if (input.proposedOwnerId) {
      const [o] = await organisationsByIds(trx, [input.proposedOwnerId]);
      if (!o || !o.active || (o.kind !== "department" && o.kind !== "county"))
        throw new Refusal("请选择有效的建议承办单位", "proposedOwnerId");
      if (o.id === s.organisationId) throw new Refusal("建议承办单位不能是本单位", "proposedOwnerId");
    }
    await transitionAssignment(trx, {
      assignmentId: s.id,
      action: "disputed",
      actorId: input.actor.id,
      patch: {
        disputed_at: input.now,
        dispute_reason: reason,
        proposed_owner_id: input.proposedOwnerId ?? null,
        proposed_owner_text: text,
      },
      history: {
        at: input.now,
        reason: `${s.organisationName}对交办提出异议:${reason}`,
        publicNote: s.role === "lead" ? "承办部门正在调整,平台将重新交办。" : null,
      },
    });
    await finishClock(trx, s.id, "accept", input.now, "disputed");
    return "异议已提交,平台将重新研究交办。";
  });
}

/**
 * The lead's reply (handling opinion) or a co-department's opinion, with attachments. The lead's reply
 * finishes the city-level handling; a retried submission (same key) records it once.
 */
export function submitOpinion(db: Kysely<Database>, input: WrittenAnswer & { body: string }): Promise<HandlingResult> {
  return refusableStep(db, async (trx) => {
    const s = await assignmentForAnswer(trx, input, ["accepted"]);
    if (!s) return "已提交。";
    if (s.role === "county") throw new Refusal(STALE);
    const body = required(input.body, s.role === "lead" ? "请填写办理意见" : "请填写协办意见", "body");
    const kind = s.role === "lead" ? "reply" : "opinion";
    await insertReply(trx, { ...input, appealId: s.appealId, organisationId: s.organisationId, kind, body });
    const clock = await finishClock(trx, s.id, kind, input.now, "done");
    const late = clock && !clock.onTime ? "(逾期)" : "";
    if (s.role === "lead") {
      await transitionAssignment(trx, { assignmentId: s.id, action: "replied", actorId: input.actor.id });
      await transitionAppeal(trx, {
        appealId: s.appealId,
        action: "replied",
        actorId: input.actor.id,
        at: input.now,
        patch: { replied_at: input.now },
        reason: `${s.organisationName}答复办理意见${late}`,
        publicNote: `${s.organisationName}已提出办理意见,平台将汇总后答复您。`,
      });
      return "办理意见已提交。";
    }
    await transitionAssignment(trx, {
      assignmentId: s.id,
      action: "co_opinion",
      actorId: input.actor.id,
      history: { at: input.now, reason: `${s.organisationName}提出协办意见${late}` },
    });
    return "协办意见已提交,牵头部门可以看到。";
  });
}

async function insertReply(
  trx: Db,
  r: {
    appealId: number;
    assignmentId: number;
    organisationId: number;
    kind: "reply" | "opinion" | "county_reply" | "county_opinion";
    body: string;
    attachments: ReplyAttachment[];
    submissionKey: string;
    actor: Actor;
    now: Date;
  },
) {
  const row = await trx
    .insertInto("appeal_replies")
    .values({
      appeal_id: r.appealId,
      assignment_id: r.assignmentId,
      organisation_id: r.organisationId,
      kind: r.kind,
      body: r.body,
      submission_key: r.submissionKey,
      created_by: r.actor.id,
      created_at: r.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const a of r.attachments) {
    await trx
      .insertInto("appeal_attachments")
      .values({
        appeal_id: r.appealId,
        reply_id: row.id,
        filename: a.filename,
        media_type: a.type.mediaType,
        size: a.bytes.byteLength,
        sha256: createHash("sha256").update(a.bytes).digest("hex"),
        content: Buffer.from(a.bytes),
        created_at: r.now,
      })
      .execute();
  }
  return row.id;
}

/** Ask for more time on an open clock, with a reason, before its limit. */
export function requestExtension(
  db: Kysely<Database>,
  input: { assignmentId: number; reason: string; requestedDueDate?: LocalDate | null; actor: Actor; now: Date },
): Promise<HandlingResult> {
  return refusableStep(db, async (trx) => {
    const s = await ownAssignment(trx, input.assignmentId, input.actor, ["assigned", "accepted"]);
    const reason = required(input.reason, "请写明申请延期的理由", "reason");
    const clock = await openClockOf(trx, s.id);
    if (!clock) throw new Refusal(STALE);
    if (input.now > clock.due_at) throw new Refusal("已超过办理期限,不能再申请延期。");
    if (input.requestedDueDate) {
      const wanted = extendedDueAt(await loadWorkCalendar(trx), clock.due_at, input.requestedDueDate);
      if (!wanted.ok) throw new Refusal(wanted.error, "requestedDueDate");
    }
    await transitionExtension(trx, {
      action: "extension_requested",
      request: {
        appealId: s.appealId,
        clockId: clock.id,
        organisationId: s.organisationId,
        reason,
        requestedDueDate: input.requestedDueDate ?? null,
      },
      appealId: s.appealId,
      appealStatus: s.appealStatus,
      actorId: input.actor.id,
      at: input.now,
      reason:
        `${s.organisationName}申请延长“${CLOCK_LABEL[clock.kind]}”期限` +
        (input.requestedDueDate ? `至 ${input.requestedDueDate}` : "") +
        `:${reason}`,
    });
    return "延期申请已提交,等待平台审核。";
  });
}

// ——— Counties ———

/** The county resolves the appeal and replies to the enterprise, who is told at once. */
export function countyReply(db: Kysely<Database>, input: WrittenAnswer & { body: string }): Promise<HandlingResult> {
  return refusableStep(db, async (trx) => {
    const s = await assignmentForAnswer(trx, input, ["assigned"]);
    if (!s) return "已提交。";
    if (s.role !== "county" || s.appealStatus !== "county") throw new Refusal(STALE);
    const body = required(input.body, "请填写答复内容", "body");
    await insertReply(trx, {
      ...input,
      appealId: s.appealId,
      organisationId: s.organisationId,
      kind: "county_reply",
      body,
    });
    await transitionAssignment(trx, { assignmentId: s.id, action: "county_replied", actorId: input.actor.id });
    const clock = await finishClock(trx, s.id, "county_reply", input.now, "done");
    await transitionAppeal(trx, {
      appealId: s.appealId,
      action: "county_replied",
      actorId: input.actor.id,
      at: input.now,
      patch: { replied_at: input.now },
      reason: `${s.organisationName}办结答复` + (clock && !clock.onTime ? "(逾期)" : ""),
      publicNote: `${s.organisationName}已办结并答复:${body}`,
      owed: { countyReply: { countyName: s.organisationName, body } },
    });
    return "已办结并答复企业。";
  });
}

/** The county cannot resolve it: its opinion goes to the platform office with a request to escalate. */
export function requestEscalation(
  db: Kysely<Database>,
  input: WrittenAnswer & { opinion: string },
): Promise<HandlingResult> {
  return refusableStep(db, async (trx) => {
    const s = await assignmentForAnswer(trx, input, ["assigned"]);
    if (!s) return "已提交。";
    if (s.role !== "county" || s.appealStatus !== "county") throw new Refusal(STALE);
    const opinion = required(input.opinion, "请填写县区意见,说明需要市级协调的原因", "opinion");
    await insertReply(trx, {
      ...input,
      appealId: s.appealId,
      organisationId: s.organisationId,
      kind: "county_opinion",
      body: opinion,
    });
    // The county has answered within its time by asking; if sent back, a new clock starts.
    await finishClock(trx, s.id, "county_reply", input.now, "done");
    await transitionAppeal(trx, {
      appealId: s.appealId,
      action: "escalation_requested",
      actorId: input.actor.id,
      at: input.now,
      patch: { escalation_requested_at: input.now },
      reason: `${s.organisationName}申请提级:${opinion}`,
      publicNote: `${s.organisationName}已提出意见,申请由市级协调解决,平台正在审核。`,
    });
    return "提级申请已提交,等待平台审核。";
  });
}

// ——— The platform office ———

/**
 * Settle a dispute: the disputed assignment ends and the chosen department (another one, or the same one
 * when the dispute is not upheld) gets a new assignment of the same role with a new accept clock.
 */
export function reassignDisputed(
  db: Kysely<Database>,
  input: { assignmentId: number; organisationId: number; note: string; actorId: number; now: Date },
): Promise<HandlingResult> {
  return refusableStep(db, async (trx) => {
    const s = await assignmentForUpdate(trx, input.assignmentId);
    if (!s) throw new Refusal("没有找到该交办事项。");
    if (s.state !== "disputed") throw new Refusal(STALE);
    const note = required(input.note, "请写明处理意见", "note");
    const [target] = await organisationsByIds(trx, [input.organisationId]);
    if (!target || !target.active || target.kind !== "department")
      throw new Refusal("请选择有效的承办部门", "organisationId");
    const busy = await trx
      .selectFrom("appeal_assignments")
      .select("id")
      .where("appeal_id", "=", s.appealId)
      .where("organisation_id", "=", target.id)
      .where("ended_at", "is", null)
      .where("id", "!=", s.id)
      .executeTakeFirst();
    if (busy) throw new Refusal(`${target.name}已承办该诉求,请选择其他部门`, "organisationId");
    const same = target.id === s.organisationId;
    await transitionAssignment(trx, {
      assignmentId: s.id,
      action: "reassigned",
      actorId: input.actorId,
      patch: { ended_at: input.now, ended_reason: `异议处理:${note}` },
      history: {
        at: input.now,
        reason: same ? `异议不成立,仍由${target.name}承办:${note}` : `改由${target.name}承办:${note}`,
        publicNote: s.role === "lead" ? `平台已重新交办,由${target.name}牵头办理。` : null,
      },
    });
    await insertAssignmentsWithClocks(trx, await loadWorkCalendar(trx), [
      { appealId: s.appealId, organisationId: target.id, role: s.role, at: input.now, by: input.actorId },
    ]);
    await queueAssignmentNotices(trx, s.appealId, [target.id], input.now);
    return same ? `已维持交办,${target.name}须重新在时限内接收。` : `已改由${target.name}承办。`;
  });
}

/** Grant an extension (a new limit at 24:00 of a later working day) or refuse it, with a note. */
export function decideExtension(
  db: Kysely<Database>,
  input: {
    extensionId: number;
    grant: boolean;
    newDueDate?: LocalDate | null;
    note: string;
    actorId: number;
    now: Date;
  },
): Promise<HandlingResult> {
  return refusableStep(db, async (trx) => {
    const x = await trx
      .selectFrom("appeal_extensions as x")
      .innerJoin("appeal_clocks as c", "c.id", "x.clock_id")
      .innerJoin("organisations as o", "o.id", "x.organisation_id")
      .innerJoin("appeals as a", "a.id", "x.appeal_id")
      .select([
        "x.id",
        "x.decision",
        "x.appeal_id as appealId",
        "a.status as appealStatus",
        "o.name as organisationName",
        "c.id as clockId",
        "c.kind",
        "c.started_at as startedAt",
        "c.due_at as dueAt",
        "c.finished_at as finishedAt",
      ])
      .where("x.id", "=", input.extensionId)
      .forUpdate("x")
      .executeTakeFirst();
    if (!x) throw new Refusal("没有找到该延期申请。");
    if (x.decision || x.finishedAt) throw new Refusal(STALE);
    const note = input.note.trim();
    if (!input.grant) {
      if (!note) throw new Refusal("请写明不同意延期的理由", "note");
      await transitionExtension(trx, {
        action: "extension_refused",
        extensionId: x.id,
        note,
        appealId: x.appealId,
        appealStatus: x.appealStatus,
        actorId: input.actorId,
        at: input.now,
        reason: `不同意${x.organisationName}延期:${note}`,
      });
      return "已不同意延期,原期限不变。";
    }
    if (!input.newDueDate) throw new Refusal("请选择新的办理期限", "newDueDate");
    const cal = await loadWorkCalendar(trx);
    const due = extendedDueAt(cal, x.dueAt, input.newDueDate);
    if (!due.ok) throw new Refusal(due.error, "newDueDate");
    const remindAt = reminderAt(cal, x.kind, x.startedAt, due.dueAt);
    await trx
      .updateTable("appeal_clocks")
      .set({
        due_at: due.dueAt,
        remind_at: remindAt,
        // A reminder or late notice about the old limit does not hold for the new one.
        reminded_at: null,
        late_noticed_at: null,
      })
      .where("id", "=", x.clockId)
      .execute();
    await transitionExtension(trx, {
      action: "extension_granted",
      extensionId: x.id,
      newDueAt: due.dueAt,
      note: note || null,
      appealId: x.appealId,
      appealStatus: x.appealStatus,
      actorId: input.actorId,
      at: input.now,
      reason:
        `同意${x.organisationName}延期:“${CLOCK_LABEL[x.kind]}”期限由 ${formatInstantZh(x.dueAt)} ` +
        `延至 ${formatInstantZh(due.dueAt)}` +
        (note ? `。${note}` : ""),
    });
    return `已同意延期至 ${formatInstantZh(due.dueAt)}。`;
  });
}

/**
 * Decide a county's escalation request. Approved, the appeal becomes city-level with its county opinion
 * and whole history, and goes to a lead department and any co-departments (new accept clocks, notices).
 * Sent back, it returns to the county with the reason and a new reply clock.
 */
export function decideEscalation(
  db: Kysely<Database>,
  input:
    | { appealId: number; approve: true; leadId: number; coIds: number[]; note?: string; actorId: number; now: Date }
    | { appealId: number; approve: false; note: string; actorId: number; now: Date },
): Promise<HandlingResult> {
  return refusableStep(db, async (trx) => {
    const a = await trx
      .selectFrom("appeals")
      .select(["id", "status", "county_id as countyId"])
      .where("id", "=", input.appealId)
      .forUpdate()
      .executeTakeFirst();
    if (!a) throw new Refusal("没有找到该诉求。");
    if (a.status !== "escalation_review") throw new Refusal(`${STALE}(当前状态:${STATUS_LABEL[a.status]})`);
    const county = await trx
      .selectFrom("appeal_assignments as s")
      .innerJoin("organisations as o", "o.id", "s.organisation_id")
      .select(["s.id", "s.organisation_id as organisationId", "o.name"])
      .where("s.appeal_id", "=", a.id)
      .where("s.role", "=", "county")
      .where("s.ended_at", "is", null)
      .executeTakeFirstOrThrow();
    const cal = await loadWorkCalendar(trx);

    if (!input.approve) {
      const note = required(input.note, "请写明退回的理由", "note");
      const clock = await startClock(trx, cal, {
        appealId: a.id,
        assignmentId: county.id,
        organisationId: county.organisationId,
        kind: "county_reply",
        at: input.now,
      });
      await transitionAppeal(trx, {
        appealId: a.id,
        action: "escalation_sent_back",
        actorId: input.actorId,
        at: input.now,
        patch: { escalation_requested_at: null },
        reason: `提级申请退回${county.name}:${note};办结答复期限 ${formatInstantZh(clock.dueAt)}`,
        publicNote: `经平台审核,您的诉求仍由${county.name}办理。`,
      });
      return `已退回${county.name},由其继续办理。`;
    }

    const coIds = [...new Set(input.coIds)];
    if (coIds.includes(input.leadId)) throw new Refusal("协办部门不能包含牵头部门", "coIds");
    const orgs = await organisationsByIds(trx, [input.leadId, ...coIds]);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const lead = byId.get(input.leadId);
    if (!lead || lead.kind !== "department" || !lead.active) throw new Refusal("请选择有效的牵头部门", "leadId");
    if (coIds.some((id) => byId.get(id)?.kind !== "department" || !byId.get(id)?.active))
      throw new Refusal("协办部门中有无效的部门", "coIds");
    await transitionAssignment(trx, {
      assignmentId: county.id,
      action: "escalation_approved",
      actorId: input.actorId,
      patch: { ended_at: input.now, ended_reason: "提级为市级诉求" },
    });
    await stopClocksOf(trx, county.id, input.now);
    await insertAssignmentsWithClocks(trx, cal, [
      { appealId: a.id, organisationId: lead.id, role: "lead", at: input.now, by: input.actorId },
      ...coIds.map((id) => ({
        appealId: a.id,
        organisationId: id,
        role: "co" as const,
        at: input.now,
        by: input.actorId,
      })),
    ]);
    const coNames = coIds.map((id) => byId.get(id)!.name);
    const withCo = coNames.length ? `,${coNames.join("、")}协办` : "";
    await transitionAppeal(trx, {
      appealId: a.id,
      action: "escalation_approved",
      actorId: input.actorId,
      at: input.now,
      patch: { level: "city" },
      reason:
        `同意${county.name}提级申请,转为市级诉求:${lead.name}牵头${withCo}` + (input.note ? `。${input.note}` : ""),
      publicNote: `经平台审核,您的诉求转为市级诉求,由${lead.name}牵头办理${withCo}。`,
      owed: { assignedOrganisationIds: [lead.id, ...coIds] },
    });
    return `已同意提级,转${lead.name}牵头办理${withCo}。`;
  });
}
