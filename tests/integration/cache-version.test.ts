/**
 * The per-process copies of the working calendar and the categories (models/cache-version.server.ts): served
 * while nothing changed, read anew after any write to their tables — by this process, by another instance's
 * connection, or by plain SQL — never a rolled-back edit, and an editing transaction sees its own edit.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/connection";
import { loadWorkCalendar } from "~/models/calendar.server";
import { listCategories } from "~/models/appeal.server";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeOrganisation } from "./helpers/factories";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

const DAY = "2031-05-06";

describe("the working calendar's copy", () => {
  it("is the same object while nothing changed", async () => {
    const a = await loadWorkCalendar(t.db);
    expect(await loadWorkCalendar(t.db)).toBe(a);
  });

  it("is read anew after a write through another connection (another instance)", async () => {
    const before = await loadWorkCalendar(t.db);
    expect(before.holidays.has(DAY)).toBe(false);
    const other = createDb(t.url, 1);
    try {
      await other.insertInto("calendar_days").values({ date: DAY, kind: "holiday", name: "测试假日", source: "测试" }).execute();
    } finally {
      await other.destroy();
    }
    const after = await loadWorkCalendar(t.db);
    expect(after).not.toBe(before);
    expect(after.holidays.has(DAY)).toBe(true);
    await sql`delete from calendar_days where date = ${DAY}`.execute(t.db);
    expect((await loadWorkCalendar(t.db)).holidays.has(DAY)).toBe(false);
  });

  it("shows an editing transaction its own edit, and never serves it once rolled back", async () => {
    const before = await loadWorkCalendar(t.db);
    await t.db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto("calendar_days").values({ date: DAY, kind: "holiday", name: "回滚的假日", source: "测试" }).execute();
        expect((await loadWorkCalendar(trx)).holidays.has(DAY)).toBe(true);
        throw new Error("roll back");
      })
      .catch(() => undefined);
    const after = await loadWorkCalendar(t.db);
    expect(after.holidays.has(DAY)).toBe(false);
    expect(after.holidays).toEqual(before.holidays);
    // And the copy is kept again from there.
    expect(await loadWorkCalendar(t.db)).toBe(after);
  });
});

describe("the categories' copy", () => {
  it("follows a renamed category and a renamed suggested department", async () => {
    const first = await listCategories(t.db, false);
    expect(await listCategories(t.db, false)).toBe(first);
    const department = await makeOrganisation(t.db, "department", "缓存测试局");
    const [category] = await t.db
      .insertInto("appeal_categories")
      .values({ name: "缓存测试类别", position: 999, active: true, suggested_department_id: department.id })
      .returning("id")
      .execute();
    const withNew = await listCategories(t.db, false);
    expect(withNew.find((c) => c.id === category.id)?.suggestedDepartmentName).toBe("缓存测试局");
    await sql`update organisations set name = '缓存测试局(更名)' where id = ${department.id}`.execute(t.db);
    const renamed = await listCategories(t.db, true);
    expect(renamed.find((c) => c.id === category.id)?.suggestedDepartmentName).toBe("缓存测试局(更名)");
  });
});
