import { parseWithZod } from "@conform-to/zod/v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSessionUser, listUsers } from "~/models/user.server";
import { createOrganisationSchema, createUserSchema } from "~/schemas/accounts";
import {
  accountHistory,
  createOrganisation,
  createUser,
  resetUserPassword,
  setOrganisationActive,
  setUserActive,
  updateOrganisation,
  updateUser,
} from "~/services/accounts.server";
import { verifyPassword } from "~/utils/password.server";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeOrganisation, makeUser } from "./helpers/factories";

let t: TestDb;
let office: { id: number };
let officeOrg: { id: number };
let dept: { id: number; name: string };
let county: { id: number };

const NOW = new Date("2026-11-23T09:30:00+08:00");

beforeAll(async () => {
  t = await createTestDb();
  officeOrg = await makeOrganisation(t.db, "platform_office", "市政务服务数据管理局");
  office = await makeUser(t.db, "platform_admin", officeOrg.id);
  dept = await makeOrganisation(t.db, "department", "市工业和信息化局");
  county = await makeOrganisation(t.db, "county", "湘桥区人民政府");
});
afterAll(async () => t.drop());

const count = async (table: "users" | "organisations" | "audit_events") =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

const auditOf = (entity: string, id: number) =>
  t.db
    .selectFrom("audit_events")
    .selectAll()
    .where("entity", "=", entity)
    .where("entity_id", "=", String(id))
    .orderBy("id")
    .execute();

function newUser(overrides: Partial<Parameters<typeof createUser>[1]["values"]> = {}) {
  return {
    username: "gxj.li-1",
    displayName: "工信局 李明",
    role: "department" as const,
    organisationId: dept.id,
    phone: "13800138000",
    email: "li@example.cn",
    password: "Kettle-Harbor-Lantern42",
    ...overrides,
  };
}

describe("create user", () => {
  it("creates the account with a scrypt hash and records who created it, without the password", async () => {
    const result = await createUser(t.db, { values: newUser(), actorId: office.id, now: NOW });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const row = await t.db.selectFrom("users").selectAll().where("id", "=", result.userId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      username: "gxj.li-1",
      display_name: "工信局 李明",
      role: "department",
      organisation_id: dept.id,
      active: true,
    });
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(await verifyPassword("Kettle-Harbor-Lantern42", row.password_hash)).toBe(true);

    const audit = await auditOf("user", result.userId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "created", actor_id: office.id });
    expect(audit[0].to_value).toMatchObject({
      username: "gxj.li-1",
      role: "department",
      organisationName: "市工业和信息化局",
    });
    const text = JSON.stringify(audit[0]);
    expect(text).not.toContain("Kettle-Harbor-Lantern42");
    expect(text).not.toContain(row.password_hash);
  });

  it("refuses a common or personal password with the reason on the password field, and writes nothing", async () => {
    const before = { users: await count("users"), audit: await count("audit_events") };
    for (const [password, reason] of [
      ["password1234", "常用密码"],
      ["qwertyuiop12", "常用密码"],
      // The person's own user name, and mobile.
      ["gxj.li-2gxj.li-2", "用户名、姓名、手机号码"],
      ["13800138000!", "用户名、姓名、手机号码"],
    ]) {
      const result = await createUser(t.db, {
        values: newUser({ username: "gxj.li-2", password }),
        actorId: office.id,
        now: NOW,
      });
      expect(result, password).toMatchObject({
        ok: false,
        status: 400,
        fieldErrors: { password: [expect.any(String)] },
      });
      if (!result.ok) expect(result.fieldErrors.password[0], password).toContain(reason);
    }
    expect({ users: await count("users"), audit: await count("audit_events") }).toEqual(before);
  });

  it("rejects a taken username, in any letter case, as a field error and writes nothing", async () => {
    const before = { users: await count("users"), audit: await count("audit_events") };
    const result = await createUser(t.db, {
      values: newUser({ username: "GXJ.LI-1", displayName: "另一人" }),
      actorId: office.id,
      now: NOW,
    });
    expect(result).toMatchObject({ ok: false, status: 400 });
    if (result.ok) return;
    expect(result.fieldErrors.username?.[0]).toContain("已被使用");
    expect({ users: await count("users"), audit: await count("audit_events") }).toEqual(before);
  });

  it("turns a double submit that races past the check into the same field error, never two accounts", async () => {
    const values = newUser({ username: "double_click" });
    // The first submission has inserted but not yet committed, so the second one's check cannot see it:
    // only the unique index stops the second, and that must come back as the field error, not a 500.
    let second: ReturnType<typeof createUser> | undefined;
    await t.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("users")
        .values({
          username: "double_click",
          password_hash: "x",
          display_name: "第一次提交",
          role: "department",
          organisation_id: dept.id,
        })
        .execute();
      second = createUser(t.db, { values, actorId: office.id, now: NOW });
      await new Promise((r) => setTimeout(r, 600)); // hashing, then blocking on the index
    });
    const result = await second!;
    expect(result).toMatchObject({ ok: false, status: 400 });
    if (!result.ok) expect(result.fieldErrors.username?.[0]).toContain("已被使用");
    const rows = await t.db
      .selectFrom("users")
      .select(["id", "display_name"])
      .where("username", "=", "double_click")
      .execute();
    expect(rows).toEqual([{ id: rows[0].id, display_name: "第一次提交" }]);
    expect(await auditOf("user", rows[0].id)).toHaveLength(0);
  });

  it("rejects a role that does not fit the organisation's kind", async () => {
    const before = await count("users");
    const result = await createUser(t.db, {
      values: newUser({ username: "wrong_kind", role: "county" }),
      actorId: office.id,
      now: NOW,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.organisationId?.[0]).toContain("县、区政府(管委会)");
    expect(await count("users")).toBe(before);
    // The same person in the right kind of organisation is accepted: the rule, not the input, refused it.
    const fits = await createUser(t.db, {
      values: newUser({ username: "right_kind", role: "county", organisationId: county.id }),
      actorId: office.id,
      now: NOW,
    });
    expect(fits.ok).toBe(true);
  });

  it("refuses an inactive organisation", async () => {
    const closed = await makeOrganisation(t.db, "department", "已撤销的局");
    await t.db.updateTable("organisations").set({ active: false }).where("id", "=", closed.id).execute();
    const result = await createUser(t.db, {
      values: newUser({ username: "into_closed", organisationId: closed.id }),
      actorId: office.id,
      now: NOW,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors.organisationId?.[0]).toContain("已停用");
  });
});

describe("the shared form schema", () => {
  const form = (fields: Record<string, string>) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.set(k, v);
    return fd;
  };

  it("checks username shape, password strength and email, in Chinese", () => {
    const s = parseWithZod(
      form({
        username: "a b",
        displayName: "张三",
        role: "department",
        organisationId: "1",
        email: "not-mail",
        password: "short1",
      }),
      { schema: createUserSchema },
    );
    expect(s.status).toBe("error");
    if (s.status === "success") return;
    expect(s.error?.username?.[0]).toContain("只能包含");
    expect(s.error?.email?.[0]).toContain("电子邮箱");
    expect(s.error?.password?.[0]).toBe("密码至少 12 个字符");
  });

  it("accepts a well-formed form, empty optional fields becoming undefined", () => {
    const s = parseWithZod(
      form({
        username: "zhang.san",
        displayName: "张三",
        role: "department",
        organisationId: "7",
        phone: "",
        email: "",
        password: "abcd1234efgh",
      }),
      { schema: createUserSchema },
    );
    expect(s.status).toBe("success");
    if (s.status === "success")
      expect(s.value).toMatchObject({ organisationId: 7, phone: undefined, email: undefined });
  });

  it("wants a region code of six digits", () => {
    const s = parseWithZod(form({ kind: "county", name: "某区", regionCode: "4451" }), {
      schema: createOrganisationSchema,
    });
    expect(s.status).toBe("error");
  });
});

describe("edit user", () => {
  let userId: number;
  beforeAll(async () => {
    userId = (await makeUser(t.db, "department", dept.id)).id;
  });

  it("records each change with from and to, and never a hash", async () => {
    const other = await makeOrganisation(t.db, "department", "市商务局");
    const result = await updateUser(t.db, {
      userId,
      values: {
        displayName: "新名字",
        role: "registry_reviewer",
        organisationId: other.id,
        phone: "0768-2201101",
        email: undefined,
      },
      actorId: office.id,
      now: NOW,
    });
    expect(result).toEqual({ ok: true, changed: true });
    const audit = (await auditOf("user", userId)).at(-1)!;
    expect(audit.action).toBe("updated");
    expect(audit.from_value).toMatchObject({
      role: "department",
      organisationId: dept.id,
      organisationName: "市工业和信息化局",
      phone: null,
    });
    expect(audit.to_value).toMatchObject({
      displayName: "新名字",
      role: "registry_reviewer",
      organisationId: other.id,
      organisationName: "市商务局",
      phone: "0768-2201101",
    });
    expect(audit.to_value).not.toHaveProperty("email"); // unchanged fields are not recorded
    const history = await accountHistory(t.db, "user", userId);
    expect(history[0].changes).toContainEqual({
      field: "角色",
      from: "市直职能部门",
      to: "法人库审核员(市市场监督管理局)",
    });
  });

  it("saving without a change records nothing", async () => {
    const before = await count("audit_events");
    const row = await t.db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirstOrThrow();
    const result = await updateUser(t.db, {
      userId,
      values: {
        displayName: row.display_name,
        role: row.role,
        organisationId: row.organisation_id,
        phone: row.phone ?? undefined,
        email: row.email ?? undefined,
      },
      actorId: office.id,
      now: NOW,
    });
    expect(result).toEqual({ ok: true, changed: false });
    expect(await count("audit_events")).toBe(before);
  });

  it("rejects a role change that no longer fits the organisation", async () => {
    const row = await t.db
      .selectFrom("users")
      .select(["role", "organisation_id"])
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    const result = await updateUser(t.db, {
      userId,
      values: { displayName: "新名字", role: "supervisor", organisationId: row.organisation_id },
      actorId: office.id,
      now: NOW,
    });
    expect(result.ok).toBe(false);
    const after = await t.db.selectFrom("users").select(["role"]).where("id", "=", userId).executeTakeFirstOrThrow();
    expect(after.role).toBe(row.role);
  });

  it("an admin cannot change their own role", async () => {
    const result = await updateUser(t.db, {
      userId: office.id,
      values: { displayName: "平台管理员", role: "department", organisationId: dept.id },
      actorId: office.id,
      now: NOW,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors.role).toBeDefined();
  });

  it("answers 404 for an unknown account", async () => {
    const result = await updateUser(t.db, {
      userId: 999_999,
      values: { displayName: "x", role: "department", organisationId: dept.id },
      actorId: office.id,
      now: NOW,
    });
    expect(result).toMatchObject({ ok: false, status: 404 });
  });
});

describe("enable, disable, reset password", () => {
  it("a disabled account has no session; enabling it restores it; both are recorded with the reason", async () => {
    const u = await makeUser(t.db, "county", county.id);
    expect(await getSessionUser(t.db, u.id)).toBeDefined();
    expect(
      await setUserActive(t.db, { userId: u.id, active: false, reason: "调离岗位", actorId: office.id, now: NOW }),
    ).toEqual({ ok: true, changed: true });
    expect(await getSessionUser(t.db, u.id)).toBeUndefined();
    // A second click changes nothing and records nothing.
    expect(await setUserActive(t.db, { userId: u.id, active: false, actorId: office.id, now: NOW })).toEqual({
      ok: true,
      changed: false,
    });
    await setUserActive(t.db, { userId: u.id, active: true, actorId: office.id, now: NOW });
    expect(await getSessionUser(t.db, u.id)).toBeDefined();
    const audit = await auditOf("user", u.id);
    expect(audit.map((a) => [a.action, a.from_value, a.to_value, a.reason])).toEqual([
      ["disabled", { active: true }, { active: false }, "调离岗位"],
      ["enabled", { active: false }, { active: true }, null],
    ]);
  });

  it("an admin cannot disable themself", async () => {
    const result = await setUserActive(t.db, { userId: office.id, active: false, actorId: office.id, now: NOW });
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(await getSessionUser(t.db, office.id)).toBeDefined();
    // Another admin may.
    const second = await makeUser(t.db, "platform_admin", officeOrg.id);
    expect((await setUserActive(t.db, { userId: second.id, active: false, actorId: office.id, now: NOW })).ok).toBe(
      true,
    );
  });

  it("a reset to a guessable password is refused on the password field and changes nothing", async () => {
    const u = await makeUser(t.db, "department", dept.id, "OldPass123");
    const hash = async () =>
      (await t.db.selectFrom("users").select("password_hash").where("id", "=", u.id).executeTakeFirstOrThrow())
        .password_hash;
    const before = await hash();
    const result = await resetUserPassword(t.db, {
      userId: u.id,
      password: "Password2026",
      actorId: office.id,
      now: NOW,
    });
    expect(result).toMatchObject({
      ok: false,
      status: 400,
      fieldErrors: { password: [expect.stringContaining("密码强度不足")] },
    });
    expect(await hash()).toBe(before);
    expect(await auditOf("user", u.id)).toEqual([]);
    expect(
      await resetUserPassword(t.db, { userId: 999_999, password: "Amber#Pier-Tulip-38", actorId: office.id, now: NOW }),
    ).toMatchObject({ ok: false, status: 404 });
  });

  it("a password reset changes the hash, the new password works and the old does not; the record holds neither", async () => {
    const u = await makeUser(t.db, "department", dept.id, "OldPass123");
    const before = await t.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", u.id)
      .executeTakeFirstOrThrow();
    expect(
      (
        await resetUserPassword(t.db, {
          userId: u.id,
          password: "Amber#Pier-Tulip-38",
          actorId: office.id,
          now: NOW,
        })
      ).ok,
    ).toBe(true);
    const after = await t.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", u.id)
      .executeTakeFirstOrThrow();
    expect(after.password_hash).not.toBe(before.password_hash);
    expect(await verifyPassword("Amber#Pier-Tulip-38", after.password_hash)).toBe(true);
    expect(await verifyPassword("OldPass123", after.password_hash)).toBe(false);
    const audit = await auditOf("user", u.id);
    expect(audit.map((a) => a.action)).toEqual(["password_reset"]);
    const text = JSON.stringify(audit);
    expect(text).not.toContain("Amber#Pier-Tulip-38");
    expect(text).not.toContain(after.password_hash);
  });
});

describe("organisations", () => {
  let orgId: number;

  it("creates an organisation and records it", async () => {
    const result = await createOrganisation(t.db, {
      values: {
        kind: "department",
        name: "市文化广电旅游体育局",
        shortName: "文广旅体局",
        contactName: "王芳",
        contactPhone: "0768-2201109",
      },
      actorId: office.id,
      now: NOW,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    orgId = result.organisationId;
    const row = await t.db.selectFrom("organisations").selectAll().where("id", "=", orgId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      kind: "department",
      name: "市文化广电旅游体育局",
      short_name: "文广旅体局",
      region_code: null,
      active: true,
    });
    expect((await auditOf("organisation", orgId)).map((a) => a.action)).toEqual(["created"]);
  });

  it("rejects the same name in the same kind as a field error, but allows it in another kind", async () => {
    const before = await count("organisations");
    const dup = await createOrganisation(t.db, {
      values: { kind: "department", name: " 市文化广电旅游体育局" },
      actorId: office.id,
      now: NOW,
    });
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.fieldErrors.name?.[0]).toContain("同名");
    expect(await count("organisations")).toBe(before);
    const otherKind = await createOrganisation(t.db, {
      values: { kind: "government_office", name: "市文化广电旅游体育局" },
      actorId: office.id,
      now: NOW,
    });
    expect(otherKind.ok).toBe(true);
  });

  it("maps the unique constraint to the field error when two creations race", async () => {
    const values = { kind: "county" as const, name: "潮州新区管理委员会" };
    const results = await Promise.all([
      createOrganisation(t.db, { values, actorId: office.id, now: NOW }),
      createOrganisation(t.db, { values, actorId: office.id, now: NOW }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const failed = results.find((r) => !r.ok);
    expect(failed && !failed.ok && failed.fieldErrors.name?.[0]).toContain("同名");
  });

  it("edits with from/to and refuses renaming onto another organisation's name", async () => {
    const result = await updateOrganisation(t.db, {
      organisationId: orgId,
      values: {
        name: "市文化广电旅游体育局",
        shortName: "文旅局",
        regionCode: "445100",
        contactName: "王芳",
        contactPhone: "0768-2201109",
      },
      actorId: office.id,
      now: NOW,
    });
    expect(result).toEqual({ ok: true, changed: true });
    const audit = (await auditOf("organisation", orgId)).at(-1)!;
    expect(audit).toMatchObject({
      action: "updated",
      from_value: { shortName: "文广旅体局", regionCode: null },
      to_value: { shortName: "文旅局", regionCode: "445100" },
    });

    const clash = await updateOrganisation(t.db, {
      organisationId: orgId,
      values: { name: dept.name },
      actorId: office.id,
      now: NOW,
    });
    expect(clash.ok).toBe(false);
    if (!clash.ok) expect(clash.fieldErrors.name?.[0]).toContain("同名");
    const row = await t.db.selectFrom("organisations").select("name").where("id", "=", orgId).executeTakeFirstOrThrow();
    expect(row.name).toBe("市文化广电旅游体育局");
  });

  it("deactivating ends its people's sessions; the admin's own organisation cannot be deactivated", async () => {
    const orgId = (await makeOrganisation(t.db, "department", "市机构改革撤并局")).id;
    const u = await makeUser(t.db, "department", orgId);
    expect(await getSessionUser(t.db, u.id)).toBeDefined();
    expect(
      await setOrganisationActive(t.db, {
        organisationId: orgId,
        active: false,
        reason: "机构改革",
        actorId: office.id,
        now: NOW,
      }),
    ).toEqual({ ok: true, changed: true });
    expect(await getSessionUser(t.db, u.id)).toBeUndefined();
    expect((await auditOf("organisation", orgId)).at(-1)).toMatchObject({ action: "deactivated", reason: "机构改革" });

    const own = await setOrganisationActive(t.db, {
      organisationId: officeOrg.id,
      active: false,
      actorId: office.id,
      now: NOW,
    });
    expect(own).toMatchObject({ ok: false, status: 400 });
    expect(await getSessionUser(t.db, office.id)).toBeDefined();
  });

  it("an enterprise organisation must be linked to a registry entry that has none yet", async () => {
    const entry = await t.db
      .insertInto("enterprises")
      .values({ credit_code: "91445100MA4UXXXX1X", name: "潮州市测试陶瓷有限公司" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const missing = await createOrganisation(t.db, {
      values: { kind: "enterprise", name: "潮州市测试陶瓷有限公司" },
      actorId: office.id,
      now: NOW,
    });
    expect(missing.ok).toBe(false);
    const unknown = await createOrganisation(t.db, {
      values: { kind: "enterprise", name: "潮州市测试陶瓷有限公司", creditCode: "914451000000000000" },
      actorId: office.id,
      now: NOW,
    });
    expect(unknown.ok).toBe(false);
    const linked = await createOrganisation(t.db, {
      values: { kind: "enterprise", name: "潮州市测试陶瓷有限公司", creditCode: "91445100MA4UXXXX1X" },
      actorId: office.id,
      now: NOW,
    });
    expect(linked.ok).toBe(true);
    if (linked.ok) {
      const row = await t.db
        .selectFrom("organisations")
        .select("enterprise_id")
        .where("id", "=", linked.organisationId)
        .executeTakeFirstOrThrow();
      expect(row.enterprise_id).toBe(entry.id);
    }
    const again = await createOrganisation(t.db, {
      values: { kind: "enterprise", name: "另一个名字", creditCode: "91445100MA4UXXXX1X" },
      actorId: office.id,
      now: NOW,
    });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.fieldErrors.creditCode?.[0]).toContain("已有机构");
  });
});

describe("users list", () => {
  it("searches across username, name and organisation, filters by role, pages by 20", async () => {
    for (let i = 0; i < 22; i++) await makeUser(t.db, "department", dept.id);
    const byOrg = await listUsers(t.db, { q: "工业和信息化", page: 1, pageSize: 20 });
    expect(byOrg.total).toBeGreaterThanOrEqual(22);
    expect(byOrg.rows).toHaveLength(20);
    const page2 = await listUsers(t.db, { q: "工业和信息化", page: 2, pageSize: 20 });
    expect(page2.rows.length).toBe(byOrg.total - 20);
    const admins = await listUsers(t.db, { role: "platform_admin", page: 1, pageSize: 20 });
    expect(admins.rows.every((r) => r.role === "platform_admin")).toBe(true);
    expect(admins.rows[0]).not.toHaveProperty("password_hash");
    const literal = await listUsers(t.db, { q: "%", page: 1, pageSize: 20 });
    expect(literal.total).toBe(0);
  });
});
