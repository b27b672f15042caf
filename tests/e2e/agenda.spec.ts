/**
 * The on-site agenda (SPEC §4 step 7) in the browser: the current cycle's city-level appeals are compiled
 * into its catalog and the demo secretary-general and leader are assigned to it (through the services, as
 * the office's pages would); then the secretary-general writes a proposed opinion for every issue, picks
 * two issues with time slots and attendees while the list of what is missing shrinks, and submits; the
 * leader returns it once with remarks; the secretary-general moves a slot and submits again; the leader
 * approves, and the office's outbox holds the invitations. The app's clock stands at 2026-11-20 10:00.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { compileCatalog } from "../../app/services/catalog.server";
import { bookAppeal, cityEnterprises, cycleOpeningAfter, screenAs, userIdOf } from "./service-setup";
import { runDatabase } from "./run-database";
import { downloadPdf, signedInPage, signIn } from "./helpers";

const APP_NOW = new Date("2026-11-20T10:00:00+08:00");
const HOUR = 3600_000;
const CONTENT = "我司新建厂房已完成主体施工,因配套道路和供电线路尚未接入,无法按期投产,请协调有关部门加快办理。";

const db = runDatabase();
const userId = (username: string) => userIdOf(db, username);

/** City-level appeals of different registry enterprises of the city, received and screened before `at`. */
async function cityAppeals(specs: { title: string; lead: string }[], at: Date) {
  const enterprises = await cityEnterprises(db, 20, specs.length);
  const out = [];
  for (const [i, s] of specs.entries()) {
    const e = enterprises[i];
    const r = await bookAppeal(
      db,
      {
        enterprise: e,
        title: s.title,
        contactName: "李经理",
        contactPhone: `1390000${String(5000 + i).padStart(4, "0")}`,
        content: CONTENT,
        category: "用地与规划",
      },
      { at: new Date(at.getTime() - 2 * HOUR) },
    );
    await screenAs(db, r.appealId, { lead: s.lead }, new Date(at.getTime() - HOUR));
    out.push({ ...r, enterpriseName: e.name, title: s.title });
  }
  return out;
}

/** Compile the cycle's catalog and make the demo secretary-general and leader its people. */
async function prepareCycle(cycleId: number, at: Date) {
  const compiled = await compileCatalog(db, { cycleId, actorId: await userId("office"), now: at });
  if (!compiled.ok) throw new Error(compiled.error);
  const member = async (username: string) =>
    (
      await db
        .selectFrom("roster_members")
        .select("id")
        .where("user_id", "=", await userId(username))
        .executeTakeFirstOrThrow()
    ).id;
  await db
    .updateTable("cycles")
    .set({ secretary_general_id: await member("secretary"), leader_id: await member("leader") })
    .where("id", "=", cycleId)
    .execute();
}

/** The form of the catalog issue whose title is `title`. */
function issue(page: Page, title: string) {
  return page.getByTestId("agenda-issue").filter({ hasText: title });
}

async function missingCount(page: Page): Promise<number> {
  return page.getByRole("list", { name: "尚缺事项" }).getByRole("listitem").count();
}

test("the secretary-general drafts and submits the agenda, the leader returns it once and approves it", async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  // The cycle after next: the current one is the catalog spec's, the next one the phone test's, and
  // specs run side by side.
  const cycle = await cycleOpeningAfter(db, APP_NOW, 1);
  const received = new Date(cycle.opensAt.getTime() + 6 * HOUR);
  const run = randomUUID().slice(0, 4);
  const [land, power, road] = await cityAppeals(
    [
      { title: `厂房用地手续${run}`, lead: "市自然资源局" },
      { title: `供电线路接入${run}`, lead: "市工业和信息化局" },
      { title: `配套道路建设${run}`, lead: "市自然资源局" },
    ],
    received,
  );
  await prepareCycle(cycle.id, received);
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // ——— The secretary-general ———
  const sg = await signedInPage(browser, "secretary");
  await sg.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "现场议程" }).click();
  await expect(sg.getByRole("heading", { name: "现场议程", level: 1 })).toBeVisible();
  const row = sg.getByTestId("agenda-cycle").filter({ hasText: `第${cycle.number}期` });
  await expect(row).toContainText("轮值秘书长");
  await expect(row).toContainText("编制中");
  await shot(sg, "agenda-list");
  await row.getByRole("link", { name: `第${cycle.number}期` }).click();
  await expect(sg.getByRole("heading", { name: `第${cycle.number}期现场议程` })).toBeVisible();
  await expect(sg.getByRole("list", { name: "尚缺事项" })).toContainText("尚未选定现场活动议题");
  const initiallyMissing = await missingCount(sg);

  // The catalog's texts are folded; the lead department is already ticked among the attendees.
  const first = issue(sg, land.title);
  await expect(first).toContainText(land.enterpriseName);
  await first.getByLabel("拟办意见").fill("建议由市自然资源局牵头,会同市住房城乡建设局一个月内完成用地报批。");
  await first.getByRole("group", { name: "已征求意见的部门" }).getByLabel("市财政局").check();
  await first.getByLabel("列入现场议题").check();
  await first.getByLabel("开始时间").fill("09:00");
  await first.getByLabel("结束时间").fill("09:40");
  const attendees = first.getByRole("group", { name: "参加单位" });
  await expect(attendees.getByLabel("市自然资源局")).toBeChecked();
  await attendees.getByLabel("市财政局").check();
  await first.getByRole("button", { name: /保存第\d+号/ }).click();
  await expect(first.getByRole("status")).toContainText(/已保存第\d+号问题/);
  await expect.poll(() => missingCount(sg)).toBeLessThan(initiallyMissing);
  await expect(sg.getByRole("list", { name: "尚缺事项" })).not.toContainText("尚未选定现场活动议题");

  // Submitting now is refused with the list of what is missing.
  await sg.getByLabel("现场活动地点").fill("市政务服务中心三楼第一会议室");
  await sg.getByRole("button", { name: "报送市领导审定" }).click();
  await expect(sg.getByRole("alert").filter({ hasText: "尚不能报送" }).first()).toContainText("尚无拟办意见");

  const second = issue(sg, power.title);
  await second.getByLabel("拟办意见").fill("建议由市工业和信息化局协调供电部门,年底前完成线路接入。");
  await second.getByLabel("列入现场议题").check();
  await second.getByLabel("开始时间").fill("09:30");
  await second.getByLabel("结束时间").fill("10:10");
  await expect(second.getByRole("group", { name: "参加单位" }).getByLabel("市工业和信息化局")).toBeChecked();
  await second.getByRole("button", { name: /保存第\d+号/ }).click();
  await expect(second.getByRole("status")).toContainText(/已保存第\d+号问题/);
  // Two slots that overlap are shown as missing work too.
  await expect(sg.getByRole("list", { name: "尚缺事项" })).toContainText("时段重叠");
  await second.getByLabel("开始时间").fill("09:40");
  await second.getByLabel("结束时间").fill("10:20");
  await second.getByRole("button", { name: /保存第\d+号/ }).click();
  await expect(sg.getByRole("list", { name: "尚缺事项" })).not.toContainText("时段重叠");

  // Every other issue of the catalog (other tests' appeals too) gets its proposed opinion.
  const issues = sg.getByTestId("agenda-issue");
  for (let i = 0; i < (await issues.count()); i++) {
    const form = issues.nth(i);
    const opinion = form.getByLabel("拟办意见");
    if ((await opinion.inputValue()).trim()) continue;
    await opinion.fill("建议由牵头部门按程序答复企业,并在3个工作日内反馈办理情况。");
    await form.getByRole("button", { name: /保存第\d+号/ }).click();
    await expect(form.getByRole("status")).toContainText(/已保存第\d+号问题/);
  }
  await expect(sg.locator("#missing")).toContainText("可以报送");
  // The earlier refusal does not linger once everything is there.
  await expect(sg.getByText("尚不能报送")).toHaveCount(0);
  await expect(issue(sg, road.title).getByLabel("拟办意见")).not.toHaveValue("");

  const picked = sg.getByRole("table", { name: "现场活动议程" }).getByTestId("picked");
  await expect(picked).toHaveCount(2);
  await expect(picked.nth(0)).toContainText("09:00—09:40");
  await expect(picked.nth(0)).toContainText(land.title);
  await expect(picked.nth(0).getByRole("cell").last()).toHaveText(/^(?=.*市自然资源局)(?=.*市财政局)/);
  await expect(picked.nth(1)).toContainText("09:40—10:20");
  await expect(picked.nth(1)).toContainText(power.title);
  await shot(sg, "agenda-ready");

  await sg.getByRole("button", { name: "报送市领导审定" }).click();
  await expect(sg.getByRole("status").filter({ hasText: "议程已报送市领导审定" })).toBeVisible();
  await expect(sg.getByTestId("agenda-status")).toHaveText("待市领导审定");
  await expect(sg.getByText("议程已报送市领导审定,审定前不能修改。")).toBeVisible();
  await expect(sg.getByRole("button", { name: /保存第\d+号/ })).toHaveCount(0);
  await expect(sg.locator("#missing")).toHaveCount(0);
  await shot(sg, "agenda-locked");

  // ——— The leader returns it ———
  const leader = await signedInPage(browser, "leader");
  await leader.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "现场议程" }).click();
  await leader
    .getByTestId("agenda-cycle")
    .filter({ hasText: `第${cycle.number}期` })
    .getByRole("link", { name: "审定议程" })
    .click();
  await expect(leader.getByRole("heading", { name: `审定第${cycle.number}期现场议程` })).toBeVisible();
  await expect(leader.getByRole("table", { name: "现场活动议程" }).getByTestId("picked")).toHaveCount(2);
  await expect(issue(leader, land.title)).toContainText("建议由市自然资源局牵头");
  await leader.getByRole("button", { name: "退回修改" }).click();
  await expect(leader.getByText("请写明退回修改的意见")).toBeVisible();
  const remarks = "供电线路接入问题请安排在10:00以后,便于供电部门负责人到场。";
  await leader.getByLabel("退回意见").fill(remarks);
  await shot(leader, "review-submitted");
  await leader.getByRole("button", { name: "退回修改" }).click();
  await expect(leader.getByRole("status").filter({ hasText: "已退回秘书长修改" })).toBeVisible();
  await expect(leader.getByTestId("agenda-status")).toHaveText("退回修改");

  // ——— The secretary-general fixes it and submits again ———
  await sg.reload();
  await expect(sg.getByTestId("agenda-status")).toHaveText("退回修改");
  await expect(sg.getByRole("note").filter({ hasText: remarks })).toBeVisible();
  const again = issue(sg, power.title);
  await again.getByLabel("开始时间").fill("10:00");
  await again.getByLabel("结束时间").fill("10:40");
  await again.getByRole("button", { name: /保存第\d+号/ }).click();
  await expect(again.getByRole("status")).toContainText(/已保存第\d+号问题/);
  await expect(picked.nth(1)).toContainText("10:00—10:40");
  await sg.getByRole("button", { name: "报送市领导审定" }).click();
  await expect(sg.getByTestId("agenda-status")).toHaveText("待市领导审定");

  // ——— The leader approves ———
  await leader.reload();
  await expect(leader.getByTestId("agenda-status")).toHaveText("待市领导审定");
  await leader.getByRole("button", { name: "审定同意" }).click();
  await expect(leader.getByRole("status").filter({ hasText: /议程已审定,已发出 \d+ 条通知/ })).toBeVisible();
  await expect(leader.getByTestId("invitations")).toContainText(/已向有关企业和单位发出通知 [1-9]\d* 条/);
  const history = leader.getByTestId("agenda-review");
  await expect(history).toHaveCount(4);
  await expect(history.nth(0)).toContainText("审定同意");
  await expect(history.nth(2)).toContainText(remarks);
  await expect(leader.getByRole("button", { name: "审定同意" })).toHaveCount(0);
  // The day as a time grid: one block per issue, in its slot.
  const grid = leader.getByRole("region", { name: "现场活动日时间安排" });
  await expect(grid.locator(".fc-timegrid-event")).toHaveCount(2);
  await expect(grid.locator(".fc-timegrid-event").filter({ hasText: land.title })).toContainText("09:00");
  await expect(grid.locator(".fc-timegrid-event").filter({ hasText: power.title })).toContainText("10:00");
  await shot(leader, "review-approved");

  // The leader prints the approved agenda and the catalog.
  const agendaPdf = await downloadPdf(leader, "现场活动议程");
  expect(agendaPdf.fileName).toBe(`第${cycle.number}期现场活动议程.pdf`);
  expect(agendaPdf.text).toContain("现场活动议程");
  expect(agendaPdf.flat).toContain("市政务服务中心三楼第一会议室");
  expect(agendaPdf.text).toMatch(/市领导于.+审定/);
  expect(agendaPdf.text).not.toContain("送审稿");
  expect(agendaPdf.flat.indexOf(land.title)).toBeGreaterThan(0);
  expect(agendaPdf.flat.indexOf(land.title)).toBeLessThan(agendaPdf.flat.indexOf(power.title));
  const catalogPdf = await downloadPdf(leader, "企业问题目录");
  expect(catalogPdf.text).toContain(`第${cycle.number}期`);
  for (const a of [land, power, road]) expect(catalogPdf.flat).toContain(a.title);
  expect(catalogPdf.flat).toContain("建议由市自然资源局牵头");

  await sg.reload();
  await expect(sg.getByTestId("agenda-status")).toHaveText("已审定");
  await expect(sg.getByRole("list", { name: "报送与审定记录" })).toContainText(remarks);

  // ——— The office's outbox holds the invitations ———
  const office = await signedInPage(browser, "office");
  await office.goto("/admin/outbox");
  await office.getByLabel("关键词").fill(`第${cycle.number}期现场活动`);
  await office.getByRole("button", { name: "查找" }).click();
  await expect(
    office
      .getByRole("row")
      .filter({ hasText: `第${cycle.number}期现场活动通知` })
      .first(),
  ).toBeVisible();
  await office.goto(`/admin/outbox?q=${land.trackingNumber}`);
  await expect(office.getByRole("row").filter({ hasText: "现场活动邀请" }).first()).toContainText("09:00—09:40");
  await shot(office, "outbox");

  // ——— The office's cycle page shows the day as a time grid and prints the agenda ———
  await office.goto(`/admin/cycles/${cycle.number}`);
  const officeDay = office.getByRole("region", { name: "现场活动日时间安排" });
  await expect(officeDay.locator(".fc-timegrid-event")).toHaveCount(2);
  await expect(officeDay.locator(".fc-timegrid-event").first()).toContainText(land.title);
  await shot(office, "office-cycle-day");
  const officeAgenda = await downloadPdf(office, "现场活动议程");
  expect(officeAgenda.flat).toContain(power.title);
});

test("the secretary-general's page on a phone", { tag: ["@phone"] }, async ({ page }, testInfo) => {
  // The next cycle, so that this test and the one above never touch the same agenda.
  const cycle = await cycleOpeningAfter(db, APP_NOW);
  const at = new Date(cycle.opensAt.getTime() + 6 * HOUR);
  const [appeal] = await cityAppeals(
    [{ title: `厂区排水改造${testInfo.project.name}${randomUUID().slice(0, 4)}`, lead: "市自然资源局" }],
    at,
  );
  await prepareCycle(cycle.id, at);

  await signIn(page, "secretary");
  await page.goto(`/agenda/${cycle.number}`);
  await expect(page.getByRole("heading", { name: `第${cycle.number}期现场议程` })).toBeVisible();
  await expect(page.getByRole("list", { name: "尚缺事项" })).toContainText("尚未选定现场活动议题");
  const form = issue(page, appeal.title);
  await form.getByLabel("列入现场议题").check();
  await expect(form.getByLabel("开始时间")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("agenda-phone.png"), fullPage: true });
  await form.screenshot({ path: testInfo.outputPath("agenda-issue-phone.png") });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("the demo secretary-general and leader reach this month's and next month's agenda with no set-up", async ({
  browser,
}) => {
  // The app's clock is 2026-11-20: cycles 11 and 12. The seed names the demo accounts for both (issue 18).
  for (const username of ["secretary", "leader"]) {
    const page = await signedInPage(browser, username);
    for (const n of [11, 12]) {
      const r = await page.goto(`/agenda/${n}`);
      expect(r?.status(), `${username} /agenda/${n}`).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(`第${n}期现场议程`);
    }
    // 第1期 (January) passed without an agenda on the platform: not "overdue", but lapsed.
    await page.goto("/agenda");
    const january = page.getByTestId("agenda-cycle").filter({ hasText: "第1期" });
    await expect(january).toContainText("现场活动日已过,议程未审定");
    await expect(january).not.toContainText("已逾期");
    await page.context().close();
  }
});
