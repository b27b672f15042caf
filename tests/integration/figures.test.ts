/**
 * The figures from stored data match a count by hand. Three appeals of one cycle: two led by 市工业和信息化局
 * (one accepted on time, one never accepted), one by 市自然资源局 (accepted on time); none replied; the
 * leader's opinions make tasks of all three; 工信局 completes both, one rated satisfied, one dissatisfied;
 * 自然资源局 completes nothing. Counted on 2026-12-30, when every open clock is past its limit.
 *
 * 市工业和信息化局: received 2; accepted on time 1 of 2 = 50%; replied on time 0 of 1 (the second has no
 *   reply clock) = 0%; completed 2 of 2 = 100%; resolved 1 of 2 = 50%; satisfied 1 of 2 rated = 50%.
 *   Score = 0.5×30 + 0.5×35 + 0.5×35 = 15 + 17.5 + 17.5 = 50.0.
 * 市自然资源局: received 1; accepted on time 1 of 1 = 100%; replied on time 0 of 1; completed 0 of 1 = 0%;
 *   resolution and satisfaction have no denominator ("—") and count 0 in the score, marked provisional:
 *   Score = 1×30 + 0 + 0 = 30.0. Ranking: 工信局 1st, 自然资源局 2nd.
 */
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeFigures, formatRate, formatScore, rankByScore } from "~/domain/figures";
import { figuresFacts } from "~/models/figures.server";
import { acceptAssignment } from "~/services/handling.server";
import { monthlyReportData } from "~/services/monthly-report.server";
import { renderPdf } from "~/utils/pdf.server";
import { publishCommitment, rateTask, reportCompletion } from "~/services/tasks.server";
import { approvedAgenda, type ApprovedAgenda, decideAndApprove } from "./helpers/agenda-fixture";
import { createSeededDb, organisationOfUser, type TestDb } from "./helpers/db";
import { makeUser } from "./helpers/factories";

const at = (s: string) => new Date(s);
const PDFTOTEXT = (() => {
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return process.env.CI === "true";
  }
})();
let t: TestDb;
let g: ApprovedAgenda;

const ok = (r: { ok: true } | { ok: false; error: string }) => {
  if (!r.ok) throw new Error(r.error);
};

beforeAll(async () => {
  t = await createSeededDb();
  g = await approvedAgenda(t.db, ["市工业和信息化局", "市工业和信息化局", "市自然资源局"]);
  const assignments = await t.db
    .selectFrom("appeal_assignments")
    .select(["id", "appeal_id", "organisation_id"])
    .where("role", "=", "lead")
    .execute();
  const assignmentOf = (appealId: number) => assignments.find((a) => a.appeal_id === appealId)!;
  // Screened 11-17 10:00: the accept limit is 24 working hours later; 11-17 15:00 is on time.
  for (const k of [0, 2]) {
    const s = assignmentOf(g.items[k].appealId);
    ok(
      await acceptAssignment(t.db, {
        assignmentId: s.id,
        actor: { id: (await makeUser(t.db, "department", s.organisation_id)).id, organisationId: s.organisation_id },
        now: at("2026-11-17T15:00:00+08:00"),
      }),
    );
  }
  await decideAndApprove(t.db, g, { decision: "限期办结。", dueDate: "2026-12-31" });
  const tasks = await t.db.selectFrom("tasks").select(["id", "appeal_id", "organisation_id"]).execute();
  const enterpriseOrg = await organisationOfUser(t.db, g.users.enterprise);
  await t.db.updateTable("appeals").set({ enterprise_organisation_id: enterpriseOrg }).execute();
  for (const [k, rating] of [
    [0, "satisfied"],
    [1, "dissatisfied"],
  ] as const) {
    const task = tasks.find((x) => x.appeal_id === g.items[k].appealId)!;
    ok(
      await publishCommitment(t.db, {
        taskId: task.id,
        organisationId: task.organisation_id,
        responsibleLeader: "王局长",
        responsiblePerson: "许丽娟",
        deadline: "2026-12-31",
        measures: "专班推进。",
        userId: g.users.dept,
        now: at("2026-12-10T10:00:00+08:00"),
      }),
    );
    ok(
      await reportCompletion(t.db, {
        taskId: task.id,
        organisationId: task.organisation_id,
        result: "已办结。",
        userId: g.users.dept,
        now: at("2026-12-20T10:00:00+08:00"),
      }),
    );
    ok(
      await rateTask(t.db, {
        appealId: g.items[k].appealId,
        enterpriseOrganisationId: enterpriseOrg,
        rating,
        reason: rating === "dissatisfied" ? "未解决" : "",
        userId: g.users.enterprise,
        now: at("2026-12-21T10:00:00+08:00"),
      }),
    );
  }
}, 120_000);
afterAll(async () => t?.drop());

describe("figures per department for the cycle", () => {
  it("match the hand count, and rank on the three-rate score", async () => {
    const orgs = await figuresFacts(t.db, { cycleId: g.cycleId }, at("2026-12-30T10:00:00+08:00"));
    const ranked = rankByScore(orgs.map((o) => ({ name: o.name, figures: computeFigures(o.facts) })));
    const shown = ranked.map((r) => ({
      rank: r.rank,
      name: r.name,
      received: r.figures.received,
      accepted: formatRate(r.figures.acceptedOnTimeRate),
      replied: formatRate(r.figures.repliedOnTimeRate),
      completion: formatRate(r.figures.completionRate),
      resolution: formatRate(r.figures.resolutionRate),
      satisfaction: formatRate(r.figures.satisfactionRate),
      score: formatScore(r.figures.score),
      provisional: r.figures.scoreProvisional,
    }));
    expect(shown).toEqual([
      {
        rank: 1,
        name: "市工业和信息化局",
        received: 2,
        accepted: "50.0%",
        replied: "0.0%",
        completion: "100.0%",
        resolution: "50.0%",
        satisfaction: "50.0%",
        score: "50.0",
        provisional: false,
      },
      {
        rank: 2,
        name: "市自然资源局",
        received: 1,
        accepted: "100.0%",
        replied: "0.0%",
        completion: "0.0%",
        resolution: "—",
        satisfaction: "—",
        score: "30.0",
        provisional: true,
      },
    ]);
  });

  it("counts by month of assignment too: November holds all three, December none", async () => {
    const now = at("2026-12-30T10:00:00+08:00");
    const nov = await figuresFacts(t.db, { month: "2026-11" }, now);
    expect(nov.reduce((n, o) => n + o.facts.length, 0)).toBe(3);
    expect(await figuresFacts(t.db, { month: "2026-12" }, now)).toEqual([]);
  });
});

describe("the monthly report", () => {
  it("counts the month's appeals, screening, on-site days, tasks and figures, and prints them", async () => {
    const now = at("2026-12-30T10:00:00+08:00");
    const nov = await monthlyReportData(t.db, "2026-11", now);
    expect(nov).toMatchObject({ month: "2026年11月", received: 3, byChannel: [{ label: "网上预约", count: 3 }] });
    expect(nov.screening).toEqual([
      { label: "不予受理", count: 0 },
      { label: "转县区办理", count: 0 },
      { label: "转市直部门办理", count: 3 },
    ]);
    expect(nov.onsiteDays.map((o) => o.date)).toEqual(["2026年11月11日(星期三)"]);
    expect(nov.tasks).toEqual([]);
    expect(nov.figures.map((f) => [f.rank, f.name, f.received, f.score])).toEqual([
      [1, "市工业和信息化局", 2, "50.0"],
      [2, "市自然资源局", 1, "30.0"],
    ]);
    const dec = await monthlyReportData(t.db, "2026-12", now);
    expect(dec.received).toBe(0);
    expect(dec.onsiteDays).toEqual([expect.objectContaining({ date: "2026年12月9日(星期三)", issues: 3 })]);
    expect(Object.fromEntries(dec.tasks.map((x) => [x.label, x.count]))).toEqual({
      交办任务: 3,
      按时公布承诺: 2,
      逾期公布承诺: 0,
      已办结: 2,
      "满意(含默认)": 1,
      不满意: 1,
    });
    const pdf = await renderPdf("monthly-report", nov);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    if (PDFTOTEXT) {
      const text = execFileSync("pdftotext", ["-", "-"], { input: pdf }).toString("utf8").replace(/\s+/g, "");
      for (const s of ["工作月报(2026年11月)", "本月共受理企业诉求3件", "市工业和信息化局", "50.0", "第11期"])
        expect(text).toContain(s);
    }
  });
});
