/**
 * The cycle's catalog (企业问题目录, SPEC §4 step 6) in the browser: city-level appeals of a cycle are set up
 * through the services (one replied by its lead department, one escalated by its county with an opinion);
 * the platform office compiles the catalog, edits a summary, moves an item up within its group and sends
 * it after a confirm step, late; the government office finds it under 问题目录, reads it and confirms
 * another attending leader. The app's clock stands at 2026-11-20 10:00.
 *
 * Which cycle: the agenda spec takes the current cycle (12, window 11-13 to 12-02) through to an approved
 * agenda, which closes its catalog and needs an opinion on every item, and the next one; so the main flow
 * here uses cycle 11, whose window closed on 11-04 and whose catalog was due that day (so it is late), and
 * the phone check uses cycle 10. Parallel runs then never touch the same catalog.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import {
  acceptAssignment,
  decideEscalation,
  requestEscalation,
  submitOpinion,
  type Actor,
} from "../../app/services/handling.server";
import { actorOf, bookAppeal, cityEnterprises, ok, organisationIdOf, screenAs } from "./service-setup";
import { runDatabase } from "./run-database";
import { downloadPdf, signedInPage, signIn } from "./helpers";

const HOUR = 3600_000;
const CONTENT = "我司扩建项目已完成前期工作,相关审批事项至今未有答复,影响项目按期投产,请协调有关部门加快办理。";

const db = runDatabase();
const actor = (username: string): Promise<Actor> => actorOf(db, username);
const organisationId = (name: string) => organisationIdOf(db, name);

async function cycleOf(number: number) {
  return db
    .selectFrom("cycles")
    .select(["id", "number", "booking_opens_at as opensAt"])
    .where("number", "=", number)
    .executeTakeFirstOrThrow();
}

/** An appeal of a registry enterprise of the city (the `pick`-th), received online at `at`. */
async function appeal(title: string, category: string, pick: number, at: Date) {
  const [e] = await cityEnterprises(db, 40 + pick, 1);
  const r = await bookAppeal(
    db,
    {
      enterprise: e,
      title,
      contactName: "郑经理",
      contactPhone: `1390000${String(7000 + pick).padStart(4, "0")}`,
      content: CONTENT,
      category,
    },
    { at },
  );
  return { ...r, enterpriseName: e.name, title };
}

async function cityAppeal(title: string, category: string, lead: string, pick: number, at: Date) {
  const a = await appeal(title, category, pick, at);
  await screenAs(db, a.appealId, { lead }, new Date(at.getTime() + HOUR));
  return a;
}

async function assignmentOf(appealId: number, organisation: string): Promise<number> {
  return (
    await db
      .selectFrom("appeal_assignments")
      .select("id")
      .where("appeal_id", "=", appealId)
      .where("organisation_id", "=", await organisationId(organisation))
      .where("ended_at", "is", null)
      .executeTakeFirstOrThrow()
  ).id;
}

const item = (page: Page, trackingNumber: string) =>
  page.getByTestId("catalog-item").filter({ hasText: trackingNumber });

/** The tracking numbers of the items in one department's section, top to bottom. */
async function orderIn(page: Page, department: string, among: string[]) {
  const text = await page.getByRole("region", { name: department, exact: true }).innerText();
  return among.filter((t) => text.includes(t)).sort((a, b) => text.indexOf(a) - text.indexOf(b));
}

test("the office compiles, edits, reorders and sends the catalog; the government office confirms the leader", async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const cycle = await cycleOf(11);
  const run = randomUUID().slice(0, 4);
  const day = (d: number, h: number) => new Date(cycle.opensAt.getTime() + (d * 24 + h) * HOUR);
  // Two of 市工业和信息化局 in one category, received in this order; one replied by the department.
  const first = await cityAppeal(`技改设备补助${run}`, "工业发展与技术改造", "市工业和信息化局", 0, day(4, 9));
  const second = await cityAppeal(`厂区供电增容${run}`, "工业发展与技术改造", "市工业和信息化局", 1, day(4, 10));
  const dept = await actor("dept");
  const firstAssignment = await assignmentOf(first.appealId, "市工业和信息化局");
  ok(await acceptAssignment(db, { assignmentId: firstAssignment, actor: dept, now: day(5, 9) }));
  const reply = `经核,该企业技改项目符合补助条件,我局已于本周报送市财政局审核拨付。${run}`;
  ok(
    await submitOpinion(db, {
      assignmentId: firstAssignment,
      body: reply,
      attachments: [],
      submissionKey: `e2e:${randomUUID()}`,
      actor: dept,
      now: day(6, 15),
    }),
  );
  // One of 市自然资源局.
  const land = await cityAppeal(`厂房用地报批${run}`, "用地与规划", "市自然资源局", 2, day(4, 11));
  // One a county could not settle: escalated with its opinion, approved to 市工业和信息化局.
  const escalated = await appeal(`技改贴息申报${run}`, "财政资金与补贴", 3, day(4, 12));
  await screenAs(db, escalated.appealId, { county: "湘桥区人民政府" }, day(4, 13));
  const countyOpinion = `该贴息政策由市级统筹,区级无权审批,建议由市工业和信息化局牵头协调。${run}`;
  ok(
    await requestEscalation(db, {
      assignmentId: await assignmentOf(escalated.appealId, "湘桥区人民政府"),
      opinion: countyOpinion,
      attachments: [],
      submissionKey: `e2e:${randomUUID()}`,
      actor: await actor("county"),
      now: day(5, 10),
    }),
  );
  ok(
    await decideEscalation(db, {
      appealId: escalated.appealId,
      approve: true,
      leadId: await organisationId("市工业和信息化局"),
      coIds: [],
      actorId: (await actor("office")).id,
      now: day(5, 14),
    }),
  );
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // ——— The platform office ———
  const office = await signedInPage(browser, "office");
  await office.goto(`/admin/cycles/${cycle.number}`);
  await office.getByRole("link", { name: "企业问题目录 →" }).click();
  await expect(office.getByRole("heading", { name: `第${cycle.number}期企业问题目录`, level: 1 })).toBeVisible();
  await expect(office.getByText("本期目录尚无条目。")).toBeVisible();
  await expect(office.getByTestId("catalog-status")).toHaveText("未报送");
  await expect(office.getByTestId("catalog-late")).toHaveText("已逾期");
  await expect(office.getByText("报送市政府办公室", { exact: true })).toHaveCount(0);
  await shot(office, "office-empty");

  await office.getByRole("button", { name: "汇总本期市级诉求" }).click();
  await expect(office.getByRole("status").filter({ hasText: "已纳入 4 件市级诉求,目录共 4 项。" })).toBeVisible();
  await expect(office.getByTestId("catalog-count")).toHaveText("4 项");
  // Under the department, then the category; numbered in that order.
  const industry = office.getByRole("region", { name: "市工业和信息化局", exact: true });
  await expect(industry.getByRole("heading", { name: "工业发展与技术改造" })).toBeVisible();
  await expect(industry.getByRole("heading", { name: "财政资金与补贴" })).toBeVisible();
  await expect(
    office.getByRole("region", { name: "市自然资源局", exact: true }).getByText(land.trackingNumber),
  ).toBeVisible();
  const tracked = [first.trackingNumber, second.trackingNumber, escalated.trackingNumber];
  expect(await orderIn(office, "市工业和信息化局", tracked)).toEqual(tracked);
  await expect(item(office, first.trackingNumber)).toContainText("第1号");
  await expect(item(office, second.trackingNumber)).toContainText("第2号");
  await expect(item(office, escalated.trackingNumber)).toContainText("第3号");
  await expect(item(office, first.trackingNumber).getByRole("link", { name: first.trackingNumber })).toHaveAttribute(
    "href",
    `/admin/appeals/${first.trackingNumber}`,
  );
  await expect(item(office, first.trackingNumber)).toContainText(first.enterpriseName);
  // The reply and the county's opinion are folded until opened.
  await expect(office.getByText(reply)).toBeHidden();
  await item(office, first.trackingNumber).locator("summary", { hasText: "部门答复意见" }).click();
  await expect(office.getByText(reply)).toBeVisible();
  await item(office, escalated.trackingNumber).locator("summary", { hasText: "县区意见" }).click();
  await expect(office.getByText(countyOpinion)).toBeVisible();
  await expect(item(office, second.trackingNumber)).toContainText("牵头部门尚未答复办理意见。");
  // Alone in its group, it cannot move.
  await expect(item(office, land.trackingNumber).getByRole("button", { name: /上移/ })).toHaveCount(0);
  await expect(item(office, first.trackingNumber).getByRole("button", { name: "第1号上移" })).toBeDisabled();

  // An empty summary is refused by its field; a new one is saved.
  const summary = item(office, second.trackingNumber).getByLabel("第2号问题摘要");
  await summary.fill("");
  await item(office, second.trackingNumber).getByRole("button", { name: "保存摘要" }).click();
  await expect(item(office, second.trackingNumber).getByText("请填写问题摘要")).toBeVisible();
  const edited = `企业厂区用电负荷增加,申请供电增容,需协调供电部门加快方案审批。${run}`;
  await summary.fill(edited);
  await item(office, second.trackingNumber).getByRole("button", { name: "保存摘要" }).click();
  await expect(item(office, second.trackingNumber).getByRole("status")).toHaveText("已保存第2号问题的摘要。");

  // Moved up within its group; the numbers stay.
  await item(office, second.trackingNumber).getByRole("button", { name: "第2号上移" }).click();
  await expect(item(office, second.trackingNumber).getByRole("status")).toHaveText("第2号已上移。");
  await expect
    .poll(() => orderIn(office, "市工业和信息化局", tracked))
    .toEqual([second.trackingNumber, first.trackingNumber, escalated.trackingNumber]);
  await expect(item(office, second.trackingNumber).getByRole("button", { name: "第2号上移" })).toBeDisabled();
  await shot(office, "office-compiled");

  // Sending asks first.
  await office.getByText("报送市政府办公室", { exact: true }).click();
  const confirm = office.getByRole("group", { name: "确认报送" });
  await expect(confirm).toContainText("共 4 项");
  await expect(confirm).toContainText("已超过报送期限");
  await shot(office, "office-confirm-send");
  await confirm.getByRole("button", { name: "确认报送" }).click();
  await expect(office.getByRole("status").filter({ hasText: "目录已报送(晚于报送期限)。" })).toBeVisible();
  await expect(office.getByTestId("catalog-status")).toHaveText("已报送");
  await expect(office.getByTestId("catalog-late")).toHaveText("逾期报送");
  await expect(office.getByText("报送市政府办公室", { exact: true })).toHaveCount(0);
  await expect(office.getByRole("list", { name: "变更记录" })).toContainText("报送市政府办公室:共 4 项(逾期报送)");
  await shot(office, "office-sent");

  // ——— The government office ———
  const gov = await signedInPage(browser, "govoffice");
  expect((await gov.goto(`/admin/cycles/${cycle.number}/catalog`))?.status()).toBe(403);
  await gov.goto("/workspace");
  await gov.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "问题目录" }).click();
  await expect(gov.getByRole("heading", { name: "企业问题目录", level: 1 })).toBeVisible();
  const row = gov.getByTestId("catalog-cycle").filter({ hasText: `第${cycle.number}期` });
  await expect(row).toContainText("4 项");
  await expect(row).toContainText("逾期报送");
  await expect(row).toContainText("待确认");
  await shot(gov, "gov-list");
  await row.getByRole("link", { name: `第${cycle.number}期` }).click();
  await expect(gov.getByRole("heading", { name: `第${cycle.number}期企业问题目录`, level: 1 })).toBeVisible();
  // Read-only, in the order the office left it, with the edited summary.
  await expect(gov.getByRole("textbox")).toHaveCount(0);
  await expect(gov.getByRole("button", { name: /上移|下移/ })).toHaveCount(0);
  await expect(gov.getByRole("link", { name: first.trackingNumber })).toHaveCount(0);
  expect(await orderIn(gov, "市工业和信息化局", tracked)).toEqual([
    second.trackingNumber,
    first.trackingNumber,
    escalated.trackingNumber,
  ]);
  await expect(item(gov, second.trackingNumber)).toContainText(edited);

  const select = gov.getByLabel("出席市领导", { exact: true });
  const current = await select.inputValue();
  const other = await select
    .locator("option")
    .evaluateAll((os, cur) => os.map((o) => (o as HTMLOptionElement).value).find((v) => v && v !== cur)!, current);
  await select.selectOption(other);
  const otherName = (await select.locator("option:checked").innerText()).split("(")[0];
  await gov.getByRole("button", { name: "确认出席市领导" }).click();
  await expect(gov.getByRole("status").filter({ hasText: `已确认出席市领导:${otherName}。` })).toBeVisible();
  await expect(gov.getByTestId("catalog-leader")).toContainText(otherName);
  await expect(gov.getByTestId("catalog-leader")).toContainText("已确认");
  await shot(gov, "gov-catalog");
  // The printed catalog, for the leader: the cover names the confirmed leader; the issues in the office's order.
  const printed = await downloadPdf(gov, "企业问题目录");
  expect(printed.fileName).toBe(`第${cycle.number}期企业问题目录.pdf`);
  const flat = (s: string) => s.replace(/\s+/g, "");
  expect(printed.flat).toContain(otherName);
  expect(printed.flat).toContain(flat(edited));
  expect(printed.flat.indexOf(second.trackingNumber)).toBeLessThan(printed.flat.indexOf(first.trackingNumber));
  expect(printed.flat).toContain(flat(reply));
  await gov.goto("/catalogs");
  await expect(gov.getByTestId("catalog-cycle").filter({ hasText: `第${cycle.number}期` })).toContainText("已确认");

  // The office reads it there too, without the form.
  await office.goto(`/catalogs/${cycle.number}`);
  await expect(office.getByTestId("catalog-leader")).toContainText(otherName);
  await expect(office.getByRole("button", { name: "确认出席市领导" })).toHaveCount(0);
  await office.context().close();
  await gov.context().close();
});

test("an unsent catalog is not shown to the government office", async ({ browser }) => {
  const gov = await signedInPage(browser, "govoffice");
  expect((await gov.goto("/catalogs/9"))?.status()).toBe(404);
  await expect(gov.getByRole("heading", { name: "页面不存在" })).toBeVisible();
  await gov.context().close();
});

test("the office's catalog page on a phone @phone", async ({ page: office }, testInfo) => {
  const cycle = await cycleOf(10);
  const run = randomUUID().slice(0, 4);
  const at = new Date(cycle.opensAt.getTime() + 5 * 24 * HOUR);
  const a = await cityAppeal(`污水管网接驳${run}`, "供水与排水", "市水务局", 10, at);
  const b = await cityAppeal(`雨污分流改造${run}`, "供水与排水", "市水务局", 11, new Date(at.getTime() + HOUR));
  await signIn(office, "office");
  await office.goto(`/admin/cycles/${cycle.number}/catalog`);
  await office.getByRole("button", { name: "汇总本期市级诉求" }).click();
  await expect(item(office, a.trackingNumber)).toBeVisible();
  await expect(item(office, b.trackingNumber)).toBeVisible();
  await expect(item(office, b.trackingNumber).getByRole("button", { name: /上移/ })).toBeVisible();
  await expect(item(office, b.trackingNumber).getByRole("button", { name: "保存摘要" })).toBeVisible();
  // Nothing wider than the screen.
  const overflow = await office.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await office.screenshot({ path: testInfo.outputPath("office-catalog.png"), fullPage: true });
  await item(office, a.trackingNumber).scrollIntoViewIfNeeded();
  await office.screenshot({ path: testInfo.outputPath("office-catalog-item.png") });
  // Sending asks first, and can be called off.
  await office.getByText("报送市政府办公室", { exact: true }).click();
  await expect(office.getByRole("button", { name: "确认报送" })).toBeVisible();
  await office.screenshot({ path: testInfo.outputPath("office-confirm-send.png") });
  await office.getByRole("button", { name: "取消" }).click();
  await expect(office.getByRole("button", { name: "确认报送" })).toBeHidden();
});
