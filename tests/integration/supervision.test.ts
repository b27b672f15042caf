/**
 * The supervisor's board and urging ladder against stored deadlines and the 2026 calendar: nothing owed
 * before the reminder time; a reminder within the last working day; yellow once late; red once late by more
 * than 3 working days, reaching the department's head too; each at most once per deadline, also when two
 * supervisors press at once; a published commitment starts the ladder again on its completion date.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWorkCalendar } from "~/models/calendar.server";
import { openClocksByOrganisation } from "~/models/handling.server";
import { ledgerRows, supervisionBoard } from "~/models/supervision.server";
import { urgeTask } from "~/services/supervision.server";
import { publishCommitment, setDisclosure } from "~/services/tasks.server";
import { approvedAgenda, type ApprovedAgenda, decideAndApprove } from "./helpers/agenda-fixture";
import { createSeededDb, type TestDb } from "./helpers/db";

const at = (s: string) => new Date(s);
let t: TestDb;
let g: ApprovedAgenda;
let taskId: number;

beforeAll(async () => {
  t = await createSeededDb();
  g = await approvedAgenda(t.db, ["市工业和信息化局"]);
  await decideAndApprove(t.db, g, { decision: "限期办结。", dueDate: "2027-01-15" });
  taskId = (await t.db.selectFrom("tasks").select("id").where("cycle_id", "=", g.cycleId).executeTakeFirstOrThrow()).id;
}, 120_000);
afterAll(async () => t?.drop());

const urge = (now: Date, note = "") => urgeTask(t.db, { taskId, note, userId: g.users.supervisor, now });
const urgeMessages = (level: string) =>
  t.db
    .selectFrom("notifications")
    .select(["recipient", "channel", "body_text"])
    .where("template", "=", `urge-${level}`)
    .execute();

describe("urging a commitment not yet published", () => {
  it("is due by 24:00 of the 3rd working day after the on-site day 2026-12-09: Monday 12-14", async () => {
    const task = await t.db
      .selectFrom("tasks")
      .select("commitment_due_at")
      .where("id", "=", taskId)
      .executeTakeFirstOrThrow();
    expect(g.onsiteDate).toBe("2026-12-09");
    expect(task.commitment_due_at).toEqual(at("2026-12-14T23:59:59.999+08:00"));
  });

  it("owes nothing before the last working day, then a reminder, once", async () => {
    expect(await urge(at("2026-12-13T20:00:00+08:00"))).toMatchObject({
      ok: false,
      error: expect.stringContaining("尚未到督办时间"),
    });
    expect(await urge(at("2026-12-14T09:00:00+08:00"))).toMatchObject({
      ok: true,
      message: expect.stringContaining("到期提醒"),
    });
    expect(await urge(at("2026-12-14T15:00:00+08:00"))).toMatchObject({ ok: false, error: "该期限的本级督办已发出。" });
    expect(await urgeMessages("reminder")).toHaveLength(2); // the contact's SMS and email
  });

  it("shows on the board as late, by department, and owes a yellow notice once late", async () => {
    const cal = await loadWorkCalendar(t.db);
    const late = at("2026-12-15T10:00:00+08:00");
    const board = await supervisionBoard(t.db, { view: "late", cycleId: g.cycleId }, late, cal);
    expect(board.rows.map((r) => [r.taskId, r.level, r.owed])).toEqual([[taskId, "yellow", "yellow"]]);
    expect(board.summary).toEqual([expect.objectContaining({ name: "市工业和信息化局", open: 1, late: 1 })]);
    expect((await supervisionBoard(t.db, { view: "due_soon" }, late, cal)).rows).toHaveLength(0);
    // The department never accepted the assignment: its accept clock is open and late too.
    expect(await openClocksByOrganisation(t.db, late)).toEqual([
      expect.objectContaining({ name: "市工业和信息化局", open: 1, dueSoon: 0, late: 1 }),
    ]);
    // Two supervisors at once: one notice.
    const both = await Promise.all([urge(late, "请立即公布承诺"), urge(late, "请立即公布承诺")]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    const yellow = await urgeMessages("yellow");
    expect(yellow).toHaveLength(2);
    expect(yellow.find((m) => m.channel === "sms")!.body_text).toContain("黄牌督办");
  });

  it("turns red only after 3 working days late (12-17 24:00), and the red notice reaches the head too", async () => {
    expect(await urge(at("2026-12-17T23:00:00+08:00"))).toMatchObject({ ok: false, error: "该期限的本级督办已发出。" });
    expect(await urge(at("2026-12-18T08:00:00+08:00"))).toMatchObject({
      ok: true,
      message: expect.stringContaining("红牌督办"),
    });
    const red = await urgeMessages("red");
    const head = await t.db
      .selectFrom("organisations")
      .select(["head_phone", "contact_phone"])
      .where("name", "=", "市工业和信息化局")
      .executeTakeFirstOrThrow();
    expect(red.map((m) => m.recipient)).toEqual(expect.arrayContaining([head.head_phone, head.contact_phone]));
    expect(red).toHaveLength(4);
  });

  it("starts again on the completion date once the commitment is published", async () => {
    const r = await publishCommitment(t.db, {
      taskId,
      organisationId: g.items[0].leadId,
      responsibleLeader: "王局长",
      responsiblePerson: "许丽娟",
      deadline: "2027-01-15",
      measures: "专班推进。",
      userId: g.users.dept,
      now: at("2026-12-18T09:00:00+08:00"),
    });
    expect(r.ok).toBe(true);
    expect(await urge(at("2026-12-18T10:00:00+08:00"))).toMatchObject({
      ok: false,
      error: expect.stringContaining("尚未到督办时间"),
    });
    const cal = await loadWorkCalendar(t.db);
    const board = await supervisionBoard(t.db, { view: "all" }, at("2027-01-15T10:00:00+08:00"), cal);
    expect(board.rows.find((x) => x.taskId === taskId)).toMatchObject({
      tracked: "completion",
      level: "reminder",
      sent: [],
    });
    // Not finished: not to be published.
    expect(
      await setDisclosure(t.db, {
        taskId,
        disclose: true,
        actorId: g.users.office,
        now: at("2026-12-18T10:00:00+08:00"),
      }),
    ).toEqual({ ok: false, error: "只有已完结的事项才能公开。" });
    const ledger = await ledgerRows(t.db, g.cycleId);
    expect(ledger).toEqual([expect.objectContaining({ responsiblePerson: "许丽娟", commitmentOnTime: false })]);
  });
});
