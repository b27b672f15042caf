/**
 * After the on-site day (SPEC §4 step 8) in the browser: a cycle whose agenda the leader has approved (set up
 * through the services, as the agenda spec does through the pages); the office records the leader's
 * decision on each issue and submits the handling opinions; the leader returns them once, the office
 * submits again, the leader approves; the office sees the tasks started, prints the opinions, and the
 * outbox holds the reply to the enterprise and the task notices. The app's clock stands at 2026-11-20 10:00.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { cycleOpeningAfter } from "./service-setup";
import { runDatabase } from "./run-database";
import { approvedAgendaOf } from "./after-meeting-fixture";
import { downloadPdf, signedInPage } from "./helpers";

const APP_NOW = new Date("2026-11-20T10:00:00+08:00");

const db = runDatabase();

test("the office records the on-site decisions, the leader returns them once and approves: tasks start", async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  // A cycle no other spec uses: the fifth whose window opens after the app's clock.
  const cycle = await cycleOpeningAfter(db, APP_NOW, 4);
  const run = randomUUID().slice(0, 4);
  const [road, subsidy, parking] = await approvedAgendaOf(db, cycle, {
    titles: [`厂区道路接通${run}`, `技改补助兑现${run}`, `员工停车难${run}`],
    enterpriseOffset: 60,
    now: APP_NOW,
    onDay: 2,
  });
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // ——— The office records the decisions ———
  const office = await signedInPage(browser, "office");
  await office.goto(`/admin/cycles/${cycle.number}`);
  await office.getByRole("link", { name: "现场处理意见 →" }).click();
  await expect(office.getByRole("heading", { name: `第${cycle.number}期现场处理意见`, level: 1 })).toBeVisible();
  await expect(office.getByTestId("opinions-status")).toHaveText("整理中");
  await expect(office.getByRole("button", { name: "报送市领导审定" })).toBeDisabled();

  const first = office.getByTestId("onsite-issue").filter({ hasText: road.title });
  // Pre-filled with the secretary-general's proposed opinion and the lead department.
  await expect(first.getByLabel("市领导处理意见")).toHaveValue(/建议由市工业和信息化局牵头/);
  await first.getByLabel("市领导处理意见").fill("");
  await first.getByRole("button", { name: /保存第\d+号/ }).click();
  await expect(first.getByText("请填写市领导的处理意见")).toBeVisible();
  const decision = `由市工业和信息化局牵头,会同市交通运输局于月底前接通厂区道路。${run}`;
  await first.getByLabel("市领导处理意见").fill(decision);
  await first.getByLabel("办理时限").fill("2027-06-30");
  await first.getByRole("group", { name: "协办部门" }).getByLabel("市交通运输局").check();
  await first.getByRole("button", { name: /保存第\d+号/ }).click();
  await expect(first.getByRole("status")).toContainText(/已记录第\d+号议题的处理意见/);

  const second = office.getByTestId("onsite-issue").filter({ hasText: subsidy.title });
  await second.getByLabel("办理时限").fill("2027-05-31");
  await second.getByRole("button", { name: /保存第\d+号/ }).click();
  await expect(second.getByRole("status")).toContainText(/已记录第\d+号议题的处理意见/);
  await shot(office, "onsite-recorded");
  await office.getByRole("button", { name: "报送市领导审定" }).click();
  await expect(office.getByRole("status").filter({ hasText: "处理意见已报送市领导审定" })).toBeVisible();
  await expect(office.getByTestId("opinions-status")).toHaveText("待市领导审定");
  await expect(office.getByLabel("市领导处理意见")).toHaveCount(0);

  // ——— The leader returns them ———
  const leader = await signedInPage(browser, "leader");
  await leader.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "现场议程" }).click();
  await leader
    .getByTestId("agenda-cycle")
    .filter({ hasText: `第${cycle.number}期` })
    .getByRole("link", { name: "审定处理意见" })
    .click();
  await expect(leader.getByRole("heading", { name: `审定第${cycle.number}期处理意见` })).toBeVisible();
  await expect(leader.getByTestId("opinion").filter({ hasText: road.title })).toContainText(decision);
  await expect(leader.getByTestId("opinion").filter({ hasText: road.title })).toContainText("市交通运输局");
  await leader.getByRole("button", { name: "退回修改" }).click();
  await expect(leader.getByText("请写明退回修改的意见")).toBeVisible();
  await leader.getByLabel("退回意见").fill("第二项请写明兑现金额。");
  await leader.getByRole("button", { name: "退回修改" }).click();
  await expect(leader.getByRole("status").filter({ hasText: "已退回平台修改" })).toBeVisible();

  // ——— The office corrects and submits again ———
  await office.reload();
  await expect(office.getByTestId("opinions-status")).toHaveText("整理中");
  await expect(office.getByTestId("returned-remarks")).toContainText("第二项请写明兑现金额。");
  await second.getByLabel("市领导处理意见").fill(`由市工业和信息化局于5月底前兑现技改补助80万元。${run}`);
  await second.getByRole("button", { name: /保存第\d+号/ }).click();
  await expect(second.getByRole("status")).toContainText(/已记录/);
  await office.getByRole("button", { name: "报送市领导审定" }).click();
  await expect(office.getByTestId("opinions-status")).toHaveText("待市领导审定");

  // ——— The leader approves ———
  await leader.reload();
  await leader.getByRole("button", { name: "审定同意并交办" }).click();
  await expect(
    leader
      .getByRole("status")
      .filter({ hasText: "处理意见已审定,已交办 2 项任务,另有 1 项未上会问题请牵头部门答复。" }),
  ).toBeVisible();
  await expect(leader.getByTestId("opinions-status")).toHaveText("已审定");
  await shot(leader, "opinions-approved");
  const printed = await downloadPdf(leader, "企业请求协调解决事项处理意见");
  expect(printed.fileName).toBe(`第${cycle.number}期企业请求协调解决事项处理意见.pdf`);
  expect(printed.flat).toContain(decision.replace(/\s+/g, ""));
  expect(printed.flat).toMatch(/市领导于.+审定/);
  expect(printed.flat).toContain("市工业和信息化局牵头,市交通运输局配合");

  // ——— The office sees the tasks and the messages ———
  await office.reload();
  await expect(office.getByTestId("task-row")).toHaveCount(2);
  await expect(office.getByTestId("task-row").first()).toContainText("待公布承诺");
  await shot(office, "onsite-approved");
  await office.goto(`/admin/outbox?q=${road.trackingNumber}`);
  await expect(office.getByRole("row").filter({ hasText: "处理意见答复" }).first()).toBeVisible();
  await expect(office.getByRole("row").filter({ hasText: "任务交办" }).first()).toBeVisible();
  await expect(office.getByRole("row").filter({ hasText: "督办抄送" }).first()).toBeVisible();

  // ——— The issue not taken on site: the department answers, the office sends it on ———
  await office.goto(`/admin/cycles/${cycle.number}/onsite`);
  const offRow = office.getByTestId("offagenda-row").filter({ hasText: parking.title });
  await expect(offRow).toContainText("尚未答复");
  await expect(offRow.getByRole("button")).toHaveCount(0);
  const dept = await signedInPage(browser, "dept");
  await dept.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "交办任务" }).click();
  await dept.getByRole("link", { name: "未列入现场议题的问题答复 →" }).click();
  const question = dept.getByTestId("offagenda-item").filter({ hasText: parking.title });
  await question.getByRole("button", { name: "提交答复" }).click();
  await expect(question.getByText("请填写答复内容")).toBeVisible();
  const answer = `我局已协调园区管委会开放临时停车场,下月起可用。${run}`;
  await question.getByLabel("答复内容").fill(answer);
  await question.getByRole("button", { name: "提交答复" }).click();
  await expect(question.getByRole("status")).toHaveText("答复已提交,待平台转送企业。");
  await dept.screenshot({ path: testInfo.outputPath("offagenda-dept.png"), fullPage: true });
  await office.reload();
  await expect(offRow).toContainText(answer);
  await offRow.getByRole("button", { name: /转送第\d+号答复/ }).click();
  await expect(office.getByRole("status").filter({ hasText: "答复已转送企业。" })).toBeVisible();
  await expect(offRow).toContainText("已转送");
  await dept.reload();
  await expect(question).toContainText("已转送企业");
  await expect(question.getByRole("button")).toHaveCount(0);
});
