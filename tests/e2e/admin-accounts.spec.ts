/**
 * The platform office's accounts and organisations: the user list and its filters, creating an account (and
 * the new person signing in), refusals (bad input, a taken username, a name taken within a kind, an enterprise
 * without 统一社会信用代码), editing, disabling, resetting a password and enabling again, the office's own
 * account, and the 404 and 403 pages.
 *
 * Every test makes its own accounts and organisations with unique names: the tests run in parallel against one
 * database shared with the other spec files, whose demo accounts (office, dept, …) are never changed here.
 */
import { expect, test, type Browser, type Page, type Response, type TestInfo } from "@playwright/test";
import { signIn, signOut } from "./helpers";

const NEW_PASSWORD = "Bamboo-Ferry-Lamp-83";

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** A suffix no other test (of this run, on any worker or project) uses: letters and digits only. */
function unique(testInfo: TestInfo): string {
  const random = Math.floor(Math.random() * 36 ** 3).toString(36);
  return `${testInfo.workerIndex.toString(36)}${Date.now().toString(36)}${random}`;
}

interface NewAccount {
  username: string;
  displayName: string;
  role: string;
  organisation: string;
  password: string;
}

/** Create an account through the form, as the signed-in office, and land on its page. Returns its URL. */
async function createAccount(page: Page, a: NewAccount): Promise<string> {
  await page.goto("/admin/users/new");
  await hydrated(page);
  await page.getByLabel("用户名", { exact: true }).fill(a.username);
  await page.getByLabel("姓名", { exact: true }).fill(a.displayName);
  await page.getByLabel("角色", { exact: true }).selectOption({ label: a.role });
  await page.getByLabel("所属机构", { exact: true }).selectOption({ label: a.organisation });
  await page.getByLabel("初始密码", { exact: true }).fill(a.password);
  await page.getByRole("button", { name: "创建账号" }).click();
  await expect(page).toHaveURL(/\/admin\/users\/\d+\?created=1$/);
  await expect(page.getByRole("status").filter({ hasText: "账号已创建。" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(a.displayName);
  return new URL(page.url()).pathname;
}

/** Sign in somewhere else (a browser context of its own) and give back the page and a way to close it. */
async function otherBrowser(browser: Browser): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

/**
 * Wait until React has hydrated the page: the forms' client-side behaviour (the organisations narrowed by the
 * role, the 统一社会信用代码 field for an enterprise) only works from then on.
 */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const main = document.getElementById("main");
    return main !== null && Object.keys(main).some((key) => key.startsWith("__reactFiber"));
  });
}

async function trySignIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
}

test(
  "the office finds accounts: a search that matches nothing, and a filter by role",
  { tag: ["@phone"] },
  async ({ page }, testInfo) => {
    await signIn(page, "office");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "账号与机构" }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.getByRole("heading", { level: 1, name: "账号管理" })).toBeVisible();
    await expect(
      page.getByRole("table", { name: "账号列表" }).getByRole("link", { name: "office", exact: true }),
    ).toBeVisible();

    const search = page.getByRole("search");
    await search.getByLabel("关键词").fill(`无此账号-${unique(testInfo)}`);
    await search.getByRole("button", { name: "查找" }).click();
    await expect(page).toHaveURL(/\/admin\/users\?q=/);
    await expect(page.getByRole("status")).toContainText("没有符合条件的账号。请调整查找条件。");
    await expect(page.getByRole("table", { name: "账号列表" })).toHaveCount(0);
    await page.getByRole("link", { name: "清除条件" }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.getByRole("table", { name: "账号列表" })).toBeVisible();
    // 清除条件 leaves the typed keyword in its field (the inputs only take defaultValue), so empty it by hand
    // before filtering by role; otherwise the stale term would be sent again.
    await search.getByLabel("关键词").clear();

    await search.getByLabel("角色").selectOption({ label: "市直职能部门" });
    await search.getByRole("button", { name: "查找" }).click();
    await expect(page).toHaveURL(/[?&]role=department(&|$)/);
    const table = page.getByRole("table", { name: "账号列表" });
    await expect(table.getByRole("link", { name: "dept", exact: true })).toBeVisible();
    // reviewer belongs to a 市直职能部门 organisation too, but has another role.
    await expect(table.getByRole("link", { name: "reviewer", exact: true })).toHaveCount(0);
    await expect(table.getByRole("link", { name: "office", exact: true })).toHaveCount(0);
    const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
    expect(await rows.count()).toBeGreaterThan(0);
    const roleCells = await rows.evaluateAll((trs) =>
      trs.map((tr) => (tr as HTMLTableRowElement).cells[2]?.textContent?.trim()),
    );
    expect(new Set(roleCells)).toEqual(new Set(["市直职能部门"]));
    await expect(search.getByLabel("角色")).toHaveValue("department");
    await shot(page, testInfo, "users-list");
  },
);

test(
  "the office creates an account: bad input is refused, the organisations follow the role, and the person signs in",
  { tag: ["@phone"] },
  async ({ page }, testInfo) => {
    const suffix = unique(testInfo);
    const displayName = `测试县区联络员${suffix}`;
    await signIn(page, "office");
    await page.goto("/admin/users");
    await page.getByRole("link", { name: "新建账号" }).first().click();
    await expect(page).toHaveURL(/\/admin\/users\/new$/);
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1, name: "新建账号" })).toBeVisible();

    const username = page.getByLabel("用户名", { exact: true });
    const password = page.getByLabel("初始密码", { exact: true });
    await username.fill("x y");
    await page.getByLabel("姓名", { exact: true }).fill(displayName);
    await password.fill("abc");
    // Leave the field first: clicking 创建账号 straight from an invalid password loses the click (the blur shows
    // the password's error above the button, which moves down between mousedown and mouseup).
    await password.press("Tab");
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await page.getByRole("button", { name: "创建账号" }).click();
    await expect(page).toHaveURL(/\/admin\/users\/new$/);
    await expect(username).toHaveAttribute("aria-invalid", "true");
    await expect(username).toHaveAccessibleDescription(/用户名只能包含英文字母、数字、下划线、点和连字符/);
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(password).toHaveAccessibleDescription(/密码至少 12 个字符/);
    await expect(page.getByLabel("角色", { exact: true })).toHaveAccessibleDescription(/请选择角色/);
    await expect(page.getByLabel("所属机构", { exact: true })).toHaveAccessibleDescription(/请选择所属机构/);
    await shot(page, testInfo, "new-user-errors");

    // The role narrows the organisations to its kind.
    const organisation = page.getByLabel("所属机构", { exact: true });
    await expect(organisation.locator("optgroup")).not.toHaveCount(1);
    await page.getByLabel("角色", { exact: true }).selectOption({ label: "县区政府(管委会)" });
    await expect(page.getByText("该角色只能选“县、区政府(管委会)”类机构")).toBeVisible();
    await expect(organisation.locator("optgroup")).toHaveCount(1);
    await expect(organisation.locator("optgroup")).toHaveAttribute("label", "县、区政府(管委会)");
    for (const county of [
      "湘桥区人民政府",
      "潮安区人民政府",
      "饶平县人民政府",
      "枫溪区管理委员会",
      "潮州新区管理委员会",
    ]) {
      await expect(organisation.getByRole("option", { name: county, exact: true })).toHaveCount(1);
    }
    await expect(organisation.getByRole("option", { name: "市工业和信息化局" })).toHaveCount(0);
    await expect(organisation.getByRole("option", { name: "市政务服务数据管理局" })).toHaveCount(0);

    const login = `county.${suffix}`;
    await organisation.selectOption({ label: "潮安区人民政府" });
    await username.fill(login);
    await password.fill(NEW_PASSWORD);
    await expect(username).not.toHaveAttribute("aria-invalid", "true");
    await page.getByRole("button", { name: "创建账号" }).click();
    await expect(page).toHaveURL(/\/admin\/users\/\d+\?created=1$/);
    await expect(page.getByRole("status").filter({ hasText: "账号已创建。" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(displayName);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("启用");
    const facts = page.getByRole("region", { name: "账号概况" });
    await expect(facts).toContainText(login);
    await expect(facts).toContainText("县区政府(管委会)");
    await expect(facts).toContainText("潮安区人民政府");
    await expect(page.getByRole("region", { name: "操作记录" }).getByRole("listitem")).toHaveCount(1);
    await expect(page.getByRole("region", { name: "操作记录" }).getByRole("listitem").first()).toContainText("创建");

    // One account: the refused submission created nothing.
    await page.goto(`/admin/users?q=${encodeURIComponent(displayName)}`);
    await expect(page.getByRole("status")).toHaveText(/共 1 个账号/);
    await expect(page.getByRole("table", { name: "账号列表" }).getByRole("link", { name: login })).toBeVisible();

    await signOut(page);
    await signIn(page, login, NEW_PASSWORD);
    const main = page.getByRole("main");
    await expect(main.getByText("县区政府(管委会)", { exact: true }).first()).toBeVisible();
    await expect(page.getByRole("banner")).toContainText(displayName);
  },
);

/**
 * A response's body. Chromium may have dropped it already on a busy machine ("No data found for resource"):
 * then the same request is sent again from the page's context (a refused form changes nothing) and read.
 */
async function bodyOf(page: Page, response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    const request = response.request();
    const again = await page.request.fetch(request.url(), {
      method: request.method(),
      headers: { "content-type": (await request.allHeaders())["content-type"] ?? "" },
      data: request.postDataBuffer() ?? undefined,
    });
    expect(again.status()).toBe(response.status());
    return again.text();
  }
}

test("a username already taken (in any letter case) is refused on its field", async ({ page }) => {
  await signIn(page, "office");
  await page.goto("/admin/users/new");
  await hydrated(page);
  await page.getByLabel("姓名", { exact: true }).fill("重名测试");
  await page.getByLabel("角色", { exact: true }).selectOption({ label: "市直职能部门" });
  await page.getByLabel("所属机构", { exact: true }).selectOption({ label: "市财政局" });
  for (const taken of ["dept", "DEPT"]) {
    const username = page.getByLabel("用户名", { exact: true });
    await username.fill(taken);
    await page.getByLabel("初始密码", { exact: true }).fill(NEW_PASSWORD);
    const reply = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/admin/users/new"));
    await page.getByRole("button", { name: "创建账号" }).click();
    const response = await reply;
    expect(response.status()).toBe(400);
    // The refusal does not send the password back.
    expect(await bodyOf(page, response)).not.toContain(NEW_PASSWORD);
    await expect(username).toHaveAccessibleDescription(new RegExp(`用户名“${taken}”已被使用,请换一个`));
    await expect(page.getByRole("alert").filter({ hasText: `用户名“${taken}”已被使用` })).toBeVisible();
    await expect(page).toHaveURL(/\/admin\/users\/new$/);
  }
});

test("the office edits, disables, resets the password of and enables an account", async ({
  page,
  browser,
}, testInfo) => {
  // A long journey with six password hashes (scrypt, slow on purpose) and two browsers.
  test.slow();
  const suffix = unique(testInfo);
  const login = `dept.${suffix}`;
  const firstName = `测试部门联络员${suffix}`;
  const secondName = `改名联络员${suffix}`;
  await signIn(page, "office");
  const userPath = await createAccount(page, {
    username: login,
    displayName: firstName,
    role: "市直职能部门",
    organisation: "市商务局",
    password: NEW_PASSWORD,
  });
  const history = page.getByRole("region", { name: "操作记录" });

  // 姓名
  await page.getByRole("region", { name: "基本信息" }).getByLabel("姓名").fill(secondName);
  await page.getByRole("button", { name: "保存修改" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存修改。" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(secondName);
  await expect(history.getByRole("listitem")).toHaveCount(2);
  await expect(history.getByRole("listitem").first()).toContainText("修改");
  await expect(history.getByRole("listitem").first()).toContainText(`姓名:${firstName} → ${secondName}`);
  await expect(history.getByRole("listitem").first()).toContainText("平台管理员 黄思敏");
  // Saving again without a change records nothing.
  await page.getByRole("button", { name: "保存修改" }).click();
  await expect(page.getByRole("status").filter({ hasText: "没有需要保存的修改。" })).toBeVisible();
  await expect(history.getByRole("listitem")).toHaveCount(2);

  // Disable, with a reason.
  const disabling = page.getByRole("region", { name: "停用账号" });
  await disabling.getByLabel("原因(选填)").fill("岗位调整");
  await disabling.getByRole("button", { name: "停用账号" }).click();
  await expect(page.getByRole("status").filter({ hasText: "账号已停用,该账号将无法登录。" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("已停用");
  await expect(page.getByRole("region", { name: "启用账号" })).toBeVisible();
  await expect(history.getByRole("listitem").first()).toContainText("停用");
  await expect(history.getByRole("listitem").first()).toContainText("状态:启用 → 停用");
  await expect(history.getByRole("listitem").first()).toContainText("原因:岗位调整");
  await page.goto(`/admin/users?q=${encodeURIComponent(login)}`);
  await expect(
    page.getByRole("table", { name: "账号列表" }).getByRole("row", { name: new RegExp(login) }),
  ).toContainText("已停用");

  const other = await otherBrowser(browser);
  try {
    await trySignIn(other.page, login, NEW_PASSWORD);
    await expect(other.page.getByRole("alert")).toContainText("用户名或密码不正确");
    await expect(other.page).toHaveURL(/\/login/);

    // Reset the password, then enable.
    await page.goto(userPath);
    await hydrated(page);
    const resetting = page.getByRole("region", { name: "重置密码" });
    // Long enough, but common: the server refuses it with the reason on the field.
    await resetting.getByLabel("新密码").fill("Password2026");
    await resetting.getByRole("button", { name: "重置密码" }).click();
    await expect(resetting.getByLabel("新密码")).toHaveAccessibleDescription(/密码强度不足:与常用密码过于相似/);
    await expect(history.getByRole("listitem").first()).not.toContainText("重置密码");
    await resetting.getByLabel("新密码").fill("Copper-Willow-Dock-27");
    await resetting.getByRole("button", { name: "重置密码" }).click();
    await expect(page.getByRole("status").filter({ hasText: "密码已重置,请通过安全渠道告知本人。" })).toBeVisible();
    await expect(resetting.getByLabel("新密码")).toHaveValue("");
    await expect(history.getByRole("listitem").first()).toContainText("重置密码");
    await expect(history).not.toContainText("Copper-Willow-Dock-27");

    const enabling = page.getByRole("region", { name: "启用账号" });
    await enabling.getByRole("button", { name: "启用账号" }).click();
    await expect(page.getByRole("status").filter({ hasText: "账号已启用。" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("启用");
    await expect(page.getByRole("heading", { level: 1 })).not.toContainText("已停用");
    await expect(page.getByRole("region", { name: "停用账号" })).toBeVisible();
    await expect(history.getByRole("listitem").first()).toContainText("状态:停用 → 启用");
    await expect(history.getByRole("listitem")).toHaveCount(5);
    await shot(page, testInfo, "user-page");

    // The old password no longer works; the new one does.
    await trySignIn(other.page, login, NEW_PASSWORD);
    await expect(other.page.getByRole("alert")).toContainText("用户名或密码不正确");
    // The password the office set opens only the page to choose one of the person's own.
    await trySignIn(other.page, login, "Copper-Willow-Dock-27");
    await expect(other.page).toHaveURL(/\/account\/password\?redirectTo=%2Fworkspace$/);
    await expect(other.page.getByRole("alert")).toContainText("平台管理员已重置您的密码");
    await other.page.goto("/workspace");
    await expect(other.page).toHaveURL(/\/account\/password/);
    await other.page.getByLabel("当前密码").fill("Copper-Willow-Dock-27");
    await other.page.getByLabel("新密码", { exact: true }).fill("Harbour-Lantern-Kiln-58");
    await other.page.getByLabel("确认新密码").fill("Harbour-Lantern-Kiln-58");
    await other.page.getByRole("button", { name: "修改密码" }).click();
    await expect(other.page).toHaveURL(/\/workspace$/);
    await expect(other.page.getByRole("main").getByText("市直职能部门", { exact: true }).first()).toBeVisible();
    await expect(other.page.getByRole("banner")).toContainText(secondName);
  } finally {
    await other.close();
  }
});

test("the office cannot disable its own account or change its own role", async ({ page }) => {
  await signIn(page, "office");
  await page.goto("/admin/users?role=platform_admin");
  await page.getByRole("table", { name: "账号列表" }).getByRole("link", { name: "office", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/users\/\d+$/);
  const userPath = new URL(page.url()).pathname;
  await expect(page.getByRole("region", { name: "账号概况" })).toContainText("office(您本人)");
  const disabling = page.getByRole("region", { name: "停用账号" });
  await expect(disabling).toContainText("不能停用自己的账号。如需停用,请由其他平台管理员操作。");
  await expect(disabling.getByRole("button")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "停用账号" })).toHaveCount(0);
  await expect(page.getByText("不能修改自己的角色")).toBeVisible();

  // The server refuses it too, should someone post the form by hand.
  const response = await page.request.post(userPath, {
    form: { intent: "set-active", active: "false", reason: "" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(400);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("启用");
  await expect(page.getByRole("heading", { level: 1 })).not.toContainText("已停用");
  await expect(page.getByRole("region", { name: "操作记录" })).not.toContainText("停用");
});

test("organisations: a name taken within a kind is refused; a new one is created, edited and deactivated", async ({
  page,
}) => {
  const suffix = Date.now().toString(36) + Math.floor(Math.random() * 1000);
  const name = `测试市直部门${suffix}`;
  await signIn(page, "office");
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "机构管理" }).click();
  await expect(page).toHaveURL(/\/admin\/organisations$/);
  await expect(page.getByRole("heading", { level: 1, name: "机构管理" })).toBeVisible();
  await page.getByRole("link", { name: "新建机构" }).first().click();
  await expect(page).toHaveURL(/\/admin\/organisations\/new$/);
  await hydrated(page);

  // A seeded 市直职能部门's name.
  await page.getByLabel("机构类型").selectOption({ label: "市直职能部门" });
  const nameField = page.getByLabel("机构名称");
  await nameField.fill("市财政局");
  await page.getByRole("button", { name: "创建机构" }).click();
  await expect(nameField).toHaveAccessibleDescription(/已有同名的“市直职能部门”机构/);
  await expect(page).toHaveURL(/\/admin\/organisations\/new$/);

  await nameField.fill(name);
  await page.getByLabel("简称(选填)").fill(`简${suffix}`);
  await page.getByLabel("联系人(选填)").fill("测试联系人");
  await page.getByRole("button", { name: "创建机构" }).click();
  await expect(page).toHaveURL(/\/admin\/organisations\/\d+\?created=1$/);
  const orgPath = new URL(page.url()).pathname;
  await expect(page.getByRole("status").filter({ hasText: "机构已创建。" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await expect(page.getByRole("region", { name: "机构概况" })).toContainText("市直职能部门");

  // The same name again, within the kind.
  await page.goto("/admin/organisations/new");
  await hydrated(page);
  await page.getByLabel("机构类型").selectOption({ label: "市直职能部门" });
  await page.getByLabel("机构名称").fill(name);
  await page.getByRole("button", { name: "创建机构" }).click();
  await expect(page.getByLabel("机构名称")).toHaveAccessibleDescription(/已有同名的“市直职能部门”机构/);
  await page.goto(`/admin/organisations?q=${encodeURIComponent(name)}`);
  await expect(page.getByRole("status")).toHaveText(/共 1 个机构/);

  // 简称
  await page.goto(orgPath);
  await hydrated(page);
  const history = page.getByRole("region", { name: "操作记录" });
  await expect(history.getByRole("listitem")).toHaveCount(1);
  await page.getByLabel("简称(选填)").fill(`新简${suffix}`);
  await page.getByRole("button", { name: "保存修改" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已保存修改。" })).toBeVisible();
  await expect(history.getByRole("listitem")).toHaveCount(2);
  await expect(history.getByRole("listitem").first()).toContainText("修改");
  await expect(history.getByRole("listitem").first()).toContainText(`简称:简${suffix} → 新简${suffix}`);

  // Deactivate.
  const deactivating = page.getByRole("region", { name: "停用机构" });
  await expect(deactivating).toContainText("停用后该机构的 0 个账号都无法登录");
  await deactivating.getByLabel("原因(选填)").fill("机构撤并");
  await deactivating.getByRole("button", { name: "停用机构" }).click();
  await expect(page.getByRole("status").filter({ hasText: "机构已停用,其账号将无法登录。" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("已停用");
  await expect(page.getByRole("region", { name: "启用机构" })).toBeVisible();
  await expect(history.getByRole("listitem").first()).toContainText("停用");
  await expect(history.getByRole("listitem").first()).toContainText("原因:机构撤并");

  // No one can be placed in it any more.
  await page.goto("/admin/users/new");
  await hydrated(page);
  await page.getByLabel("角色", { exact: true }).selectOption({ label: "市直职能部门" });
  await expect(page.getByLabel("所属机构", { exact: true }).getByRole("option", { name: "市财政局" })).toHaveCount(1);
  await expect(page.getByLabel("所属机构", { exact: true }).getByRole("option", { name })).toHaveCount(0);
});

test("an enterprise organisation needs a 统一社会信用代码 known to the registry", async ({ page }) => {
  const name = `测试企业${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  await signIn(page, "office");
  await page.goto("/admin/organisations/new");
  await hydrated(page);
  await expect(page.getByLabel("统一社会信用代码")).toHaveCount(0);
  await page.getByLabel("机构类型").selectOption({ label: "企业" });
  const creditCode = page.getByLabel("统一社会信用代码");
  await expect(creditCode).toBeVisible();
  await page.getByLabel("机构名称").fill(name);
  await page.getByRole("button", { name: "创建机构" }).click();
  await expect(creditCode).toHaveAccessibleDescription(/企业须填写统一社会信用代码/);
  await expect(page).toHaveURL(/\/admin\/organisations\/new$/);

  await creditCode.fill("91445100MA0000000X");
  await page.getByRole("button", { name: "创建机构" }).click();
  await expect(creditCode).toHaveAccessibleDescription(/法人库中没有这个统一社会信用代码/);
  await expect(page).toHaveURL(/\/admin\/organisations\/new$/);

  await page.goto(`/admin/organisations?q=${encodeURIComponent(name)}`);
  await expect(page.getByRole("status")).toContainText("没有符合条件的机构。");
});

test("an unknown account is 404, and a 市直职能部门 account is refused the office's pages with 403", async ({
  page,
}) => {
  await signIn(page, "office");
  for (const path of ["/admin/users/999999", "/admin/users/abc", "/admin/organisations/999999"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "页面不存在" })).toBeVisible();
  }
  await page.goto("/admin/users/999999");
  await expect(page.getByText("账号不存在")).toBeVisible();
  await signOut(page);

  await signIn(page, "dept");
  for (const path of ["/admin/users", "/admin/users/new", "/admin/organisations"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "无权访问" })).toBeVisible();
    await expect(page.getByRole("table", { name: "账号列表" })).toHaveCount(0);
  }
  await expect(page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "账号与机构" })).toHaveCount(
    0,
  );
});
