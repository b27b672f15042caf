/**
 * Issues of a cycle not taken on site (SPEC §4 step 8): when the leader approves the handling opinions, each
 * becomes an answer its lead department owes by the cycle's commitments time (the 3rd working day after the
 * on-site day 2026-12-09: Monday 12-14, 24:00); the department is told, answers (on time or late, frozen at
 * the first answer) and may correct it until the office sends it to the enterprise, once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offAgendaAnswers } from "~/models/onsite.server";
import { answerOffAgenda, sendOffAgendaAnswer } from "~/services/off-agenda.server";
import { approveOpinions, recordDecision, submitOpinions } from "~/services/opinions.server";
import { approvedAgenda, type ApprovedAgenda } from "./helpers/agenda-fixture";
import { createSeededDb, type TestDb } from "./helpers/db";

const at = (s: string) => new Date(s);
let t: TestDb;
let g: ApprovedAgenda;

beforeAll(async () => {
  t = await createSeededDb();
  g = await approvedAgenda(t.db, ["市工业和信息化局", "市自然资源局"], { onDay: 1 });
}, 120_000);
afterAll(async () => t?.drop());

describe("issues not taken on site", () => {
  it("are owed by their lead department from the approval on, by the cycle's commitments time", async () => {
    const onsite = at("2026-12-09T17:00:00+08:00");
    const [onDay] = g.items;
    const r = await recordDecision(t.db, {
      itemId: onDay.itemId,
      decision: "限期办结。",
      leadId: onDay.leadId,
      coIds: [],
      dueDate: "2026-12-31",
      actorId: g.users.office,
      now: onsite,
    });
    expect(r.ok).toBe(true);
    // Only the issue on the day needs a decision.
    expect((await submitOpinions(t.db, { cycleId: g.cycleId, actorId: g.users.office, now: onsite })).ok).toBe(true);
    expect(await approveOpinions(t.db, { cycleId: g.cycleId, userId: g.users.leader, now: onsite })).toEqual({
      ok: true,
      message: "处理意见已审定,已交办 1 项任务,另有 1 项未上会问题请牵头部门答复。",
    });
    const rows = await offAgendaAnswers(t.db, { cycleId: g.cycleId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ organisationName: "市自然资源局", body: null, sentAt: null });
    expect(rows[0].dueAt).toEqual(at("2026-12-14T23:59:59.999+08:00"));
    const notice = await t.db
      .selectFrom("notifications")
      .select("body_text")
      .where("template", "=", "offagenda-notice")
      .where("channel", "=", "sms")
      .executeTakeFirstOrThrow();
    expect(notice.body_text).toContain("2026年12月14日(星期一) 24:00");
  });

  it("is answered by its department only, late when after the time, corrected until sent, sent once", async () => {
    const [, off] = g.items;
    const answer = (organisationId: number, body: string, now: Date) =>
      answerOffAgenda(t.db, { itemId: off.itemId, organisationId, body, userId: g.users.dept, now });
    expect((await answer(g.items[0].leadId, "不是我的", at("2026-12-10T10:00:00+08:00"))).ok).toBe(false);
    expect(await answer(off.leadId, "  ", at("2026-12-10T10:00:00+08:00"))).toMatchObject({ ok: false, field: "body" });
    expect(
      await sendOffAgendaAnswer(t.db, {
        itemId: off.itemId,
        actorId: g.users.office,
        now: at("2026-12-10T11:00:00+08:00"),
      }),
    ).toEqual({
      ok: false,
      error: "牵头部门尚未答复。",
    });
    expect(await answer(off.leadId, "我局已安排专人对接。", at("2026-12-15T09:00:00+08:00"))).toEqual({
      ok: true,
      message: "答复已提交,待平台转送企业。",
    });
    // A correction keeps the first answer's time: still late.
    expect(
      (await answer(off.leadId, "我局已安排专人对接,本月内完成用地预审。", at("2026-12-15T10:00:00+08:00"))).ok,
    ).toBe(true);
    const [row] = await offAgendaAnswers(t.db, { cycleId: g.cycleId });
    expect(row).toMatchObject({ onTime: false, body: "我局已安排专人对接,本月内完成用地预审。" });
    expect(row.answeredAt).toEqual(at("2026-12-15T09:00:00+08:00"));

    const send = () =>
      sendOffAgendaAnswer(t.db, { itemId: off.itemId, actorId: g.users.office, now: at("2026-12-15T11:00:00+08:00") });
    expect(await send()).toEqual({ ok: true, message: "答复已转送企业。" });
    expect(await send()).toEqual({ ok: true, message: "答复已转送企业。" });
    expect((await answer(off.leadId, "再改", at("2026-12-15T12:00:00+08:00"))).ok).toBe(false);
    const sent = await t.db
      .selectFrom("notifications")
      .select("channel")
      .where("template", "=", "offagenda-reply")
      .where("appeal_id", "=", off.appealId)
      .execute();
    expect(sent.map((n) => n.channel).sort()).toEqual(["email", "sms"]);
    const event = await t.db
      .selectFrom("appeal_events")
      .select("public_note")
      .where("appeal_id", "=", off.appealId)
      .where("action", "=", "offagenda.sent")
      .executeTakeFirstOrThrow();
    expect(event.public_note).toContain("本月内完成用地预审");
  });
});
