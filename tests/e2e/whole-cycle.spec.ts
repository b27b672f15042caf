/**
 * One appeal's whole life in one test, across the roles, with the clock moved forward between the steps.
 * The app's clock starts at APP_NOW and runs on, so each step starts the built app anew (server.ts, as
 * `npm start` does) on a database of this spec's own, at that step's instant, and stops it afterwards:
 *
 *   11-20 10:00  the enterprise books online; the office screens it to 市工业和信息化局
 *   11-23 09:30  the department accepts it and replies
 *   12-02 10:00  the office compiles and sends the catalog; the secretary-general drafts and submits the
 *                agenda; the leader approves it
 *   12-09 16:00  on the on-site day the office records the leader's decision; the leader approves it
 *   12-10 10:00  the department publishes its commitment (on time: due 12-14 24:00)
 *   12-21 10:00  the department reports completion
 *   12-22 09:00  the enterprise rates it satisfied; the public reads the commitment
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { createDb } from "../../db/connection";
import { E2E_DATABASE, e2eDatabaseUrl } from "./database";
import { signIn } from "./helpers";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 60;
const BASE = `http://127.0.0.1:${PORT}`;
const DATABASE = `${E2E_DATABASE}_cycle`;
const databaseUrl = (name: string) => {
  const u = new URL(e2eDatabaseUrl());
  u.pathname = `/${name}`;
  return u.toString();
};

async function freshDatabase() {
  const client = new pg.Client({ connectionString: databaseUrl("postgres") });
  await client.connect();
  try {
    await client.query(`drop database if exists ${DATABASE} with (force)`);
    await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** The built app at `now`, on this spec's database; resolves once it answers. */
async function startApp(now: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["build/server.js"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_URL: databaseUrl(DATABASE),
      NODE_ENV: "production",
      COOKIE_SECURE: "false",
      APP_NOW: now,
      SEED_DEMO: "true",
      SESSION_SECRET: "e2e-whole-cycle-secret-not-for-production",
      WEB_CONCURRENCY: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${BASE}/api/v1/cycles?year=2026`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return child;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("the app did not answer within 60 s");
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function stopApp(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** Run the steps with the app's clock at `now`. */
async function at(now: string, steps: () => Promise<void>) {
  const app = await startApp(now);
  try {
    await steps();
  } finally {
    await stopApp(app);
  }
}

async function as(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: BASE })).newPage();
  await signIn(page, username);
  return page;
}

test("an appeal from booking to rating, across the roles, as the days pass", async ({ browser }, testInfo) => {
  // Nine restarts of the built app and a sign-in of each role (scrypt): slow on a busy machine.
  test.setTimeout(420_000);
  await freshDatabase();
  const title = `厂区道路接通${randomUUID().slice(0, 4)}`;
  let tracking = "";
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  await at("2026-11-20T10:00:00+08:00", async () => {
    const ent = await as(browser, "enterprise");
    await ent.goto("/appeals/new");
    await ent.getByLabel("诉求标题").fill(title);
    await ent.getByLabel("诉求类别").selectOption({ label: "工业发展与技术改造" });
    await ent.getByLabel("诉求内容").fill("我司新建厂房配套道路尚未接通,原材料运输受阻,请协调有关部门尽快接通。");
    await ent.getByRole("button", { name: "提交诉求" }).click();
    await expect(ent.getByText("第12期,现场活动日 2026年12月9日(星期三)")).toBeVisible();
    tracking = (await ent.getByTestId("tracking-number").textContent())!.trim();

    const office = await as(browser, "office");
    await office.goto(`/admin/appeals/${tracking}`);
    await office.getByLabel("牵头部门").selectOption({ label: "市工业和信息化局" });
    await office.getByRole("button", { name: "转市直部门办理" }).click();
    await expect(office.getByTestId("appeal-status")).toHaveText("已转市直部门办理");
  });

  await at("2026-11-23T09:30:00+08:00", async () => {
    const dept = await as(browser, "dept");
    await dept.goto(`/handling/${tracking}`);
    await dept.getByRole("button", { name: "接收", exact: true }).click();
    await expect(dept.getByRole("status").filter({ hasText: "已接收" })).toBeVisible();
    const form = dept.getByRole("form", { name: "答复办理意见" });
    await form.getByLabel("办理意见").fill("我局已会同市交通运输局现场踏勘,拟于月底前打通临时通道。");
    await form.getByRole("button", { name: "提交办理意见" }).click();
    await expect(dept.getByRole("status").filter({ hasText: "已提交" })).toBeVisible();
  });

  // The demo secretary-general and leader take this cycle (the office's roster page does the same).
  const db = createDb(databaseUrl(DATABASE), 1);
  try {
    const member = async (username: string) =>
      (
        await db
          .selectFrom("roster_members as r")
          .innerJoin("users as u", "u.id", "r.user_id")
          .select("r.id")
          .where("u.username", "=", username)
          .executeTakeFirstOrThrow()
      ).id;
    await db
      .updateTable("cycles")
      .set({ secretary_general_id: await member("secretary"), leader_id: await member("leader") })
      .where("number", "=", 12)
      .execute();
  } finally {
    await db.destroy();
  }

  await at("2026-12-02T10:00:00+08:00", async () => {
    const office = await as(browser, "office");
    await office.goto("/admin/cycles/12/catalog");
    await office.getByRole("button", { name: "汇总本期市级诉求" }).click();
    await expect(office.getByTestId("catalog-count")).toHaveText("1 项");
    await office.getByText("报送市政府办公室", { exact: true }).click();
    await office.getByRole("group", { name: "确认报送" }).getByRole("button", { name: "确认报送" }).click();
    await expect(office.getByRole("status").filter({ hasText: "目录已报送市政府办公室。" })).toBeVisible();

    const sg = await as(browser, "secretary");
    await sg.goto("/agenda/12");
    const issue = sg.getByTestId("agenda-issue").filter({ hasText: title });
    await issue.getByLabel("拟办意见").fill("建议由市工业和信息化局牵头,市交通运输局配合,月底前打通道路。");
    await issue.getByLabel("列入现场议题").check();
    await issue.getByLabel("开始时间").fill("09:00");
    await issue.getByLabel("结束时间").fill("09:30");
    await issue.getByRole("button", { name: /保存第\d+号/ }).click();
    await expect(issue.getByRole("status")).toContainText(/已保存第\d+号问题/);
    await sg.getByLabel("现场活动地点").fill("市政务服务中心三楼会议室");
    await sg.getByRole("button", { name: "报送市领导审定" }).click();
    await expect(sg.getByTestId("agenda-status")).toHaveText("待市领导审定");

    const leader = await as(browser, "leader");
    await leader.goto("/agenda/12/review");
    await leader.getByRole("button", { name: "审定同意" }).click();
    await expect(leader.getByTestId("agenda-status")).toHaveText("已审定");
  });

  await at("2026-12-09T16:00:00+08:00", async () => {
    const office = await as(browser, "office");
    await office.goto("/admin/cycles/12/onsite");
    const issue = office.getByTestId("onsite-issue").filter({ hasText: title });
    await issue.getByLabel("市领导处理意见").fill("由市工业和信息化局牵头,市交通运输局配合,12月底前接通厂区道路。");
    await issue.getByLabel("办理时限").fill("2026-12-31");
    await issue.getByRole("button", { name: /保存第\d+号/ }).click();
    await expect(issue.getByRole("status")).toContainText(/已记录/);
    await office.getByRole("button", { name: "报送市领导审定" }).click();
    await expect(office.getByTestId("opinions-status")).toHaveText("待市领导审定");

    const leader = await as(browser, "leader");
    await leader.goto("/agenda/12/opinions");
    await leader.getByRole("button", { name: "审定同意并交办" }).click();
    await expect(leader.getByRole("status").filter({ hasText: "已交办 1 项任务" })).toBeVisible();
  });

  await at("2026-12-10T10:00:00+08:00", async () => {
    const dept = await as(browser, "dept");
    await dept.goto("/tasks");
    await dept.getByRole("link", { name: tracking }).click();
    const commit = dept.getByRole("form", { name: "公布办理承诺" });
    await commit.getByLabel("责任领导").fill("王建国 副局长");
    await commit.getByLabel("责任人").fill("许丽娟");
    await commit.getByLabel("完成时限").fill("2026-12-25");
    await commit.getByLabel("工作措施").fill("成立专班,每周调度,月底前接通道路。");
    await commit.getByRole("button", { name: "公布承诺" }).click();
    await expect(dept.getByRole("status").filter({ hasText: "办理承诺已公布。" })).toBeVisible();
  });

  await at("2026-12-21T10:00:00+08:00", async () => {
    const dept = await as(browser, "dept");
    await dept.goto("/tasks");
    await dept.getByRole("link", { name: tracking }).click();
    const complete = dept.getByRole("form", { name: "报告办结" });
    await complete.getByLabel("办理结果").fill("厂区道路已于12月18日接通,原材料运输恢复。");
    await complete.getByRole("button", { name: "报告办结" }).click();
    await expect(dept.getByRole("status").filter({ hasText: "已报告办结,平台已请企业评价。" })).toBeVisible();
  });

  await at("2026-12-22T09:00:00+08:00", async () => {
    const ent = await as(browser, "enterprise");
    await ent.goto(`/appeals/${tracking}`);
    const section = ent.getByTestId("task-section");
    await expect(section.getByTestId("rating-deadline")).toContainText("2026年12月26日(星期六) 24:00");
    const rate = ent.getByRole("form", { name: "评价办理结果" });
    await rate.getByLabel("满意", { exact: true }).check();
    await rate.getByRole("button", { name: "提交评价" }).click();
    await expect(ent.getByRole("status").filter({ hasText: "感谢您的评价。" })).toBeVisible();
    await expect(section.getByTestId("task-rating")).toContainText("满意");
    await shot(ent, "rated");

    // The whole history, in plain words, on the enterprise's page.
    const history = await ent.locator("main").innerText();
    for (const step of ["市领导审定处理意见", "办理承诺", "已办结", "企业评价:满意"]) expect(history).toContain(step);

    const pub = await (await browser.newContext({ baseURL: BASE })).newPage();
    await pub.goto("/commitments?cycle=12");
    await expect(pub.getByTestId("commitment-row").filter({ hasText: title })).toContainText("许丽娟");
  });
});
