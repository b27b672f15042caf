/**
 * The intake API's keys: the office issues one in the page and sees it once, the hotline system posts an
 * appeal with it, the office revokes it and the next post is refused.
 */
import { expect, test } from "@playwright/test";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { signIn } from "./helpers";

test("office issues an API key, the hotline system posts with it, a revoked key is refused", async ({
  page,
  request,
}, testInfo) => {
  await signIn(page, "office");
  await page.goto("/admin/api-keys");
  await expect(page.getByRole("heading", { name: "接口密钥", level: 1 })).toBeVisible();
  await page.getByLabel("密钥名称").fill("");
  await page.getByRole("button", { name: "生成密钥" }).click();
  await expect(page.getByText("请填写密钥名称")).toBeVisible();
  const name = `热线系统 e2e ${Date.now()}`;
  await page.getByLabel("密钥名称").fill(name);
  await expect(page.getByLabel("使用单位")).toHaveValue(/\d+/);
  await expect(page.getByLabel("使用单位").locator("option:checked")).toHaveText("潮州市12345政务服务便民热线");
  await page.getByRole("button", { name: "生成密钥" }).click();

  const shown = page.getByLabel("API 密钥", { exact: true });
  await expect(shown).toHaveValue(/^ztk_[a-z0-9]{8}_[0-9a-f]{64}$/);
  const key = await shown.inputValue();
  const prefix = key.slice(4, 12);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(`ztk_${prefix}_…`);
  await expect(row).toContainText("从未使用");
  await expect(page.getByLabel("密钥名称")).toHaveValue("12345热线系统");
  await page.screenshot({ path: testInfo.outputPath("api-key-created.png"), fullPage: true });

  // Shown once: a fresh load of the page has only the prefix.
  await page.reload();
  await expect(page.getByLabel("API 密钥", { exact: true })).toHaveCount(0);
  expect(await page.content()).not.toContain(key);

  const openapi = await (await request.get("/api/v1/openapi.json")).json();
  const categoryId = openapi.components.schemas.AppealRequest.properties.categoryId.enum[0];
  const enterprise = sampleRegistry()[5];
  const appeal = {
    creditCode: enterprise.credit_code,
    enterpriseName: enterprise.name,
    contactName: "李女士",
    contactPhone: "13900002222",
    title: "12345 转来的用电报装诉求",
    content: "企业反映新建车间用电报装申请已提交一个多月仍未接电,影响投产,请协调供电部门加快办理。",
    categoryId,
  };
  const posted = await request.post("/api/v1/appeals", {
    headers: { Authorization: `Bearer ${key}`, "Idempotency-Key": `e2e-${prefix}` },
    data: appeal,
  });
  expect(posted.status()).toBe(201);
  const receipt = await posted.json();
  expect(receipt).toMatchObject({ cycle: { number: 12, onsiteDate: "2026-12-09" }, nextCycle: false });
  expect(receipt.trackingNumber).toMatch(/^ZT20261120\d{6}$/);

  await page.reload();
  await expect(row).not.toContainText("从未使用");
  await row.getByRole("link", { name: /撤销密钥/ }).click();
  await expect(page.getByRole("heading", { name: `确认撤销密钥“${name}”(${prefix})?` })).toBeVisible();
  await page.getByRole("button", { name: "确认撤销" }).click();
  await expect(page.getByRole("status").filter({ hasText: "已撤销" })).toBeVisible();
  await expect(row.getByText("已撤销")).toBeVisible();
  await expect(row.getByRole("link", { name: /撤销密钥/ })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("api-key-revoked.png"), fullPage: true });

  const refused = await request.post("/api/v1/appeals", {
    headers: { Authorization: `Bearer ${key}`, "Idempotency-Key": `e2e-${prefix}-2` },
    data: appeal,
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error).toContain("已被撤销");
});
