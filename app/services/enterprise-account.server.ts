import type { Kysely } from "kysely";
import { normalizeEnterpriseName } from "~/domain/appeal";
import { cityRegionCodes } from "~/models/appeal.server";
import { appendAudit, type Db } from "~/models/audit.server";
import { insertOrganisation } from "~/models/organisation.server";
import { insertUser, usernameTaken } from "~/models/user.server";
import type { RegisterEnterpriseInput } from "~/schemas/enterprise-account";
import { CITY_CODE } from "~/utils/city";
import { hashPassword } from "~/utils/password.server";
import type { Database } from "../../db/schema";

/** The registry entry an enterprise account speaks for, with its contact. */
export async function enterpriseOfOrganisation(db: Db, organisationId: number) {
  const row = await db
    .selectFrom("organisations")
    .innerJoin("enterprises", "enterprises.id", "organisations.enterprise_id")
    .select([
      "enterprises.credit_code as creditCode",
      "enterprises.name",
      "organisations.contact_name as contactName",
      "organisations.contact_phone as contactPhone",
    ])
    .where("organisations.id", "=", organisationId)
    .executeTakeFirst();
  return row ?? null;
}

/** Registry entries for the window and hotline forms: by code (exact, normalised) or part of the name. */
export async function registryCandidates(db: Db, q: string, limit = 8) {
  const term = q.trim();
  if (term.length < 2) return [];
  const code = term.replace(/\s+/g, "").toUpperCase();
  const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom("enterprises")
    .select([
      "credit_code as creditCode",
      "name",
      "legal_representative as legalRepresentative",
      "region_code as regionCode",
      "status",
    ])
    .where((eb) => eb.or([eb("credit_code", "=", code), eb("name", "ilike", like)]))
    .orderBy("name")
    .limit(limit)
    .execute();
}

export type RegistrationResult =
  { ok: true; userId: number } | { ok: false; fieldErrors: Record<string, string[]>; formErrors: string[] };

/**
 * An enterprise registers itself: its code, name and legal representative must be those of a registry
 * entry in the city that has no account yet. The organisation and its first user are made together; the
 * mobile number is the user name.
 */
export async function registerEnterprise(
  db: Kysely<Database>,
  input: RegisterEnterpriseInput,
  now: Date,
): Promise<RegistrationResult> {
  const passwordHash = await hashPassword(input.password);
  const fail = (fieldErrors: Record<string, string[]>, formErrors: string[] = []) => ({
    ok: false as const,
    fieldErrors,
    formErrors,
  });
  try {
    return await db.transaction().execute(async (trx): Promise<RegistrationResult> => {
      const entry = await trx
        .selectFrom("enterprises")
        .leftJoin("organisations", "organisations.enterprise_id", "enterprises.id")
        .select([
          "enterprises.id",
          "enterprises.name",
          "enterprises.legal_representative as legalRepresentative",
          "enterprises.region_code as regionCode",
          "organisations.id as linkedOrganisationId",
        ])
        .where("enterprises.credit_code", "=", input.creditCode)
        .executeTakeFirst();
      if (!entry) {
        return fail({
          creditCode: ["法人库中没有该统一社会信用代码。如确属本市企业,请到市政务服务大厅“难办事”窗口办理。"],
        });
      }
      if (normalizeEnterpriseName(entry.name) !== normalizeEnterpriseName(input.enterpriseName)) {
        return fail({ enterpriseName: ["企业名称与法人库登记不一致,请填写营业执照上的全称"] });
      }
      if (
        normalizeEnterpriseName(entry.legalRepresentative ?? "") !== normalizeEnterpriseName(input.legalRepresentative)
      ) {
        return fail({ legalRepresentative: ["法定代表人与法人库登记不一致"] });
      }
      if (!entry.regionCode || !(await cityRegionCodes(trx, CITY_CODE)).has(entry.regionCode)) {
        return fail({}, ["该企业在法人库中的登记地不在本市,不能注册本平台账号。"]);
      }
      if (entry.linkedOrganisationId) {
        return fail({ creditCode: ["该企业已注册账号。如需新增或找回账号,请联系平台管理员(咨询电话 12345)。"] });
      }
      if (await usernameTaken(trx, input.mobile)) return fail({ mobile: ["该手机号码已注册,请直接登录"] });

      const org = await insertOrganisation(trx, {
        kind: "enterprise",
        name: entry.name,
        short_name: null,
        region_code: entry.regionCode,
        contact_name: input.contactName,
        contact_phone: input.mobile,
        contact_email: input.email ?? null,
        enterprise_id: entry.id,
        now,
      });
      const user = await insertUser(trx, {
        username: input.mobile,
        password_hash: passwordHash,
        display_name: input.contactName,
        role: "enterprise",
        organisation_id: org.id,
        phone: input.mobile,
        email: input.email ?? null,
        now,
      });
      await appendAudit(trx, {
        entity: "organisation",
        entityId: org.id,
        action: "registered",
        actorId: user.id,
        at: now,
        to: {
          name: entry.name,
          creditCode: input.creditCode,
          contactName: input.contactName,
          contactPhone: input.mobile,
        },
      });
      await appendAudit(trx, {
        entity: "user",
        entityId: user.id,
        action: "registered",
        actorId: user.id,
        at: now,
        to: { username: input.mobile },
      });
      return { ok: true, userId: user.id };
    });
  } catch (e) {
    // Two registrations of one enterprise or one number racing each other: the second gets the same answer.
    const err = e as { code?: string; constraint?: string };
    if (err.code === "23505" && err.constraint === "organisations_enterprise_id_key") {
      return fail({ creditCode: ["该企业已注册账号。"] });
    }
    if (err.code === "23505") return fail({ mobile: ["该手机号码已注册,请直接登录"] });
    throw e;
  }
}

/** The enterprise keeps its contact up to date; the sign-in name (the first mobile number) does not change. */
export async function updateEnterpriseContact(
  db: Kysely<Database>,
  input: {
    organisationId: number;
    userId: number;
    contactName: string;
    mobile: string;
    email: string | null;
    now: Date;
  },
): Promise<{ changed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("organisations")
      .select(["contact_name", "contact_phone", "contact_email"])
      .where("id", "=", input.organisationId)
      .where("kind", "=", "enterprise")
      .forUpdate()
      .executeTakeFirstOrThrow();
    const after = { contact_name: input.contactName, contact_phone: input.mobile, contact_email: input.email };
    if (JSON.stringify(before) === JSON.stringify(after)) return { changed: false };
    await trx
      .updateTable("organisations")
      .set({ ...after, updated_at: input.now })
      .where("id", "=", input.organisationId)
      .execute();
    await trx
      .updateTable("users")
      .set({ phone: input.mobile, email: input.email, display_name: input.contactName, updated_at: input.now })
      .where("id", "=", input.userId)
      .execute();
    await appendAudit(trx, {
      entity: "organisation",
      entityId: input.organisationId,
      action: "contact_updated",
      actorId: input.userId,
      at: input.now,
      from: before,
      to: after,
    });
    return { changed: true };
  });
}
