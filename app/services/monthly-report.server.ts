/**
 * The month's report (SPEC §5, 工作月报), gathered from stored data for a month in Asia/Shanghai: appeals
 * received (by channel) and screened (by outcome), the on-site days held, the tasks started in the month
 * with their commitments and outcomes, and the figures per department and county for assignments made in
 * the month (the same rules as the figures page).
 */
import { CHANNEL_LABEL, STATUS_LABEL } from "~/domain/appeal";
import { RATING_LABEL } from "~/domain/tasks";
import { formatDateZh, formatDateZhPlain, formatInstant } from "~/domain/calendar";
import { monthBounds } from "~/domain/cycle-schedule";
import { computeFigures, formatRate, formatScore, rankByScore } from "~/domain/figures";
import type { Db } from "~/models/audit.server";
import { figuresFacts } from "~/models/figures.server";
import type { MonthlyReportData } from "../../pdf-templates/monthly-report";

export async function monthlyReportData(db: Db, month: string, now: Date): Promise<MonthlyReportData> {
  const [from, to] = monthBounds(month);
  const [channels, screened, onsite, tasks, orgs, issuer] = await Promise.all([
    db
      .selectFrom("appeals")
      .select(["channel", (eb) => eb.fn.countAll<number>().as("n")])
      .where("received_at", ">=", from)
      .where("received_at", "<", to)
      .groupBy("channel")
      .execute(),
    db
      .selectFrom("appeals")
      .select(["status", "level", (eb) => eb.fn.countAll<number>().as("n")])
      .where("screened_at", ">=", from)
      .where("screened_at", "<", to)
      .groupBy(["status", "level"])
      .execute(),
    db
      .selectFrom("cycles as c")
      .leftJoin("roster_members as r", "r.id", "c.leader_id")
      .select([
        "c.number",
        "c.onsite_date as onsiteDate",
        "r.name as leaderName",
        "r.title as leaderTitle",
        (eb) =>
          eb
            .selectFrom("agenda_entries as ag")
            .innerJoin("catalog_items as ci", "ci.id", "ag.catalog_item_id")
            .select((e) => e.fn.countAll<number>().as("n"))
            .whereRef("ci.cycle_id", "=", "c.id")
            .where("ag.selected", "=", true)
            .as("issues"),
      ])
      .where("c.onsite_date", ">=", `${month}-01`)
      .where("c.onsite_date", "<", formatInstant(to).slice(0, 10))
      .orderBy("c.onsite_date")
      .execute(),
    db
      .selectFrom("tasks")
      .select(["state", "commitment_on_time as onTime", "rating"])
      .where("created_at", ">=", from)
      .where("created_at", "<", to)
      .execute(),
    figuresFacts(db, { month }, now),
    db.selectFrom("organisations").select("name").where("kind", "=", "platform_office").executeTakeFirst(),
  ]);
  const count = (xs: { n: number | string }[]) => xs.reduce((s, x) => s + Number(x.n), 0);
  const screening = [
    { label: STATUS_LABEL.rejected, count: count(screened.filter((s) => s.status === "rejected")) },
    { label: "转县区办理", count: count(screened.filter((s) => s.level === "county")) },
    { label: "转市直部门办理", count: count(screened.filter((s) => s.level === "city")) },
  ];
  const ranked = rankByScore(
    orgs
      .map((o) => ({ id: o.id, kind: o.kind, name: o.name, figures: computeFigures(o.facts) }))
      .sort((a, b) => Number(a.kind === "county") - Number(b.kind === "county") || a.id - b.id),
  );
  const [y, m] = month.split("-").map(Number);
  return {
    month: `${y}年${m}月`,
    issuer: issuer?.name ?? "市政务服务数据管理局",
    printedOn: formatDateZhPlain(formatInstant(now).slice(0, 10)),
    received: count(channels),
    byChannel: channels.map((c) => ({ label: CHANNEL_LABEL[c.channel], count: Number(c.n) })),
    screening: screening.some((s) => s.count > 0) ? screening : [],
    onsiteDays: onsite.map((o) => ({
      cycleNumber: o.number,
      date: formatDateZh(o.onsiteDate),
      leader: o.leaderName ? `${o.leaderName}(${o.leaderTitle})` : null,
      issues: Number(o.issues ?? 0),
    })),
    tasks: tasks.length
      ? [
          { label: "交办任务", count: tasks.length },
          { label: "按时公布承诺", count: tasks.filter((t) => t.onTime === true).length },
          { label: "逾期公布承诺", count: tasks.filter((t) => t.onTime === false).length },
          { label: "已办结", count: tasks.filter((t) => ["completed", "reopened", "closed"].includes(t.state)).length },
          {
            label: "满意(含默认)",
            count: tasks.filter((t) => t.rating === "satisfied" || t.rating === "default_satisfied").length,
          },
          { label: RATING_LABEL.dissatisfied, count: tasks.filter((t) => t.rating === "dissatisfied").length },
        ]
      : [],
    figures: ranked.map((r) => ({
      rank: r.rank,
      name: r.name,
      received: r.figures.received,
      acceptedOnTime: formatRate(r.figures.acceptedOnTimeRate),
      repliedOnTime: formatRate(r.figures.repliedOnTimeRate),
      completion: formatRate(r.figures.completionRate),
      resolution: formatRate(r.figures.resolutionRate),
      satisfaction: formatRate(r.figures.satisfactionRate),
      score: formatScore(r.figures.score),
    })),
  };
}
