/**
 * Enterprise self-registration in two steps (SPEC §7: enterprises prove their mobile).
 *
 * 1. The enterprise's facts (checked against the registry), the contact, the mobile and the password: a
 *    one-time code goes by SMS to the mobile typed, with the pending registration (password already hashed)
 *    kept beside the code. Nothing is made yet.
 * 2. The code comes back: only then are the organisation and its user made, in one transaction with the
 *    code's use, so a double submit makes one account.
 *
 * A mobile that already has an account gets exactly the same answer at step 1; its SMS says the number is
 * registered and how to sign in, and carries no code, so the registration can never complete. Every step is
 * rate-limited per client address, and the SMS per mobile.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { normalizeEnterpriseName } from "~/domain/appeal";
import {
  CODE_CHECKS_PER_ADDRESS,
  CODE_GAP_PER_MOBILE,
  CODE_TTL_MS,
  CODES_SENT_PER_ADDRESS,
  CODES_SENT_PER_MOBILE,
  codeRefusal,
  codeState,
  maskMobile,
  REGISTER_FORMS_PER_ADDRESS,
  resendAt,
  type CodeState,
} from "~/domain/verification";
import { cityRegionCodes } from "~/models/appeal.server";
import { appendAudit, type Db } from "~/models/audit.server";
import { insertOrganisation } from "~/models/organisation.server";
import { recordSecurityEvent } from "~/models/security-event.server";
import { insertUser, usernameTaken } from "~/models/user.server";
import {
  consumeVerificationCode,
  expireVerificationCodes,
  findVerificationCode,
} from "~/models/verification-code.server";
import type { RegisterEnterpriseInput } from "~/schemas/enterprise-account";
import { CITY_CODE } from "~/utils/city";
import { hashPassword } from "~/utils/password.server";
import { passwordProblem } from "~/utils/password-policy.server";
import type { Database } from "../../db/schema";
import { alreadyRegisteredSms, registrationCodeSms } from "../../emails/verification";
import { chargeLimits, type Client } from "./verification-limits.server";
import { checkCode, issueCode } from "./verification.server";

type FieldErrors = Record<string, string[]>;

export type Refusal = { ok: false; status: 400 | 429; fieldErrors: FieldErrors; formErrors: string[] };

function invalid(fieldErrors: FieldErrors, formErrors: string[] = []): Refusal {
  return { ok: false, status: 400, fieldErrors, formErrors };
}

function limited(message: string): Refusal {
  return { ok: false, status: 429, fieldErrors: {}, formErrors: [message] };
}

const ENTERPRISE_TAKEN = "该企业已注册账号。如需新增或找回账号,请联系平台管理员(咨询电话 12345)。";
const MOBILE_TAKEN = "该手机号码已注册,请直接登录。";

/** What waits beside the code until it comes back. */
const pendingSchema = z.object({
  enterpriseId: z.number().int(),
  creditCode: z.string(),
  contactName: z.string(),
  email: z.string().nullable(),
  passwordHash: z.string(),
});
type PendingRegistration = z.infer<typeof pendingSchema>;

interface RegistryEntry {
  id: number;
  name: string;
  regionCode: string;
}

/**
 * The registry entry the form speaks for: code, name and legal representative must match an entry in the
 * city that has no account yet.
 */
async function registryEntryFor(
  db: Db,
  input: Pick<RegisterEnterpriseInput, "creditCode" | "enterpriseName" | "legalRepresentative">,
): Promise<{ ok: true; entry: RegistryEntry } | Refusal> {
  const entry = await db
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
    return invalid({
      creditCode: ["法人库中没有该统一社会信用代码。如确属本市企业,请到市政务服务大厅“难办事”窗口办理。"],
    });
  }
  if (normalizeEnterpriseName(entry.name) !== normalizeEnterpriseName(input.enterpriseName)) {
    return invalid({ enterpriseName: ["企业名称与法人库登记不一致,请填写营业执照上的全称"] });
  }
  if (normalizeEnterpriseName(entry.legalRepresentative ?? "") !== normalizeEnterpriseName(input.legalRepresentative)) {
    return invalid({ legalRepresentative: ["法定代表人与法人库登记不一致"] });
  }
  if (!entry.regionCode || !(await cityRegionCodes(db, CITY_CODE)).has(entry.regionCode)) {
    return invalid({}, ["该企业在法人库中的登记地不在本市,不能注册本平台账号。"]);
  }
  if (entry.linkedOrganisationId) return invalid({ creditCode: [ENTERPRISE_TAKEN] });
  return { ok: true, entry: { id: entry.id, name: entry.name, regionCode: entry.regionCode } };
}

/** The SMS for a mobile: a code when it is free, the "already registered" notice when it has an account. */
async function messageFor(db: Db, mobile: string) {
  const validMinutes = CODE_TTL_MS / 60_000;
  return (await usernameTaken(db, mobile))
    ? { notice: alreadyRegisteredSms(), template: "already-registered" }
    : { code: (code: string) => registrationCodeSms({ code, validMinutes }), template: "verification-code" };
}

const SEND_LIMITS = (client: Client, mobile: string) =>
  [
    [CODES_SENT_PER_ADDRESS, client.ip],
    [CODE_GAP_PER_MOBILE, mobile],
    [CODES_SENT_PER_MOBILE, mobile],
  ] as [typeof CODES_SENT_PER_ADDRESS, string][];

export type StartResult = { ok: true; verificationId: number } | Refusal;

/** Step 1: check the facts and the password, then send the code (or, for a registered mobile, the notice). */
export async function startRegistration(
  db: Kysely<Database>,
  input: RegisterEnterpriseInput,
  client: Client,
  now: Date,
): Promise<StartResult> {
  const form = await chargeLimits(db, [[REGISTER_FORMS_PER_ADDRESS, client.ip]], now, client);
  if (!form.allowed) return limited(form.message);

  const found = await registryEntryFor(db, input);
  if (!found.ok) return found;
  const weak = passwordProblem(input.password, [
    input.mobile,
    input.contactName,
    input.enterpriseName,
    input.legalRepresentative,
    input.creditCode,
    input.email?.split("@")[0],
  ]);
  if (weak) return invalid({ password: [weak] });

  const send = await chargeLimits(db, SEND_LIMITS(client, input.mobile), now, client);
  if (!send.allowed) return limited(send.message);

  // Hashed for a registered mobile too: both answers take the same time.
  const pending: PendingRegistration = {
    enterpriseId: found.entry.id,
    creditCode: input.creditCode,
    contactName: input.contactName,
    email: input.email ?? null,
    passwordHash: await hashPassword(input.password),
  };
  const { id } = await db.transaction().execute(async (trx) =>
    issueCode(trx, {
      purpose: "register",
      mobile: input.mobile,
      userId: null,
      username: input.mobile,
      payload: pending,
      message: await messageFor(trx, input.mobile),
      now,
      client,
    }),
  );
  return { ok: true, verificationId: id };
}

export interface PendingView {
  maskedMobile: string;
  state: CodeState;
  expiresAt: Date;
  /** When another code may be asked for. */
  resendAt: Date;
}

/** What step 2 shows for the pending registration `id`; null when there is none. */
export async function pendingRegistration(db: Db, id: number, now: Date): Promise<PendingView | null> {
  const row = await findVerificationCode(db, id, "register");
  if (!row) return null;
  return {
    maskedMobile: maskMobile(row.mobile),
    state: codeState(row, now),
    expiresAt: row.expiresAt,
    resendAt: resendAt(row.createdAt),
  };
}

/** Step 2, "重新获取验证码": a new code (or notice) for the same pending registration; the old code ends. */
export async function resendRegistrationCode(
  db: Kysely<Database>,
  id: number,
  client: Client,
  now: Date,
): Promise<StartResult> {
  const row = await findVerificationCode(db, id, "register");
  if (!row || row.consumedAt) return invalid({}, [codeRefusal("missing")]);
  const send = await chargeLimits(db, SEND_LIMITS(client, row.mobile), now, client);
  if (!send.allowed) return limited(send.message);
  const { id: newId } = await db.transaction().execute(async (trx) => {
    await expireVerificationCodes(trx, { id }, now);
    return issueCode(trx, {
      purpose: "register",
      mobile: row.mobile,
      userId: null,
      username: row.mobile,
      payload: row.payload,
      message: await messageFor(trx, row.mobile),
      now,
      client,
    });
  });
  return { ok: true, verificationId: newId };
}

export type CompleteResult = { ok: true; userId: number; username: string } | Refusal;

/**
 * Step 2: the code comes back. One of its tries is taken whatever the answer; on a match the code is used
 * and the organisation and user are made in the same transaction.
 */
export async function completeRegistration(
  db: Kysely<Database>,
  input: { verificationId: number; code: string },
  client: Client,
  now: Date,
): Promise<CompleteResult> {
  const check = await chargeLimits(db, [[CODE_CHECKS_PER_ADDRESS, client.ip]], now, client);
  if (!check.allowed) return limited(check.message);
  try {
    return await db.transaction().execute(async (trx): Promise<CompleteResult> => {
      const checked = await checkCode(trx, {
        id: input.verificationId,
        purpose: "register",
        code: input.code,
        now,
        client,
      });
      if (!checked.ok) return invalid({ code: [checked.message] });
      const mobile = checked.code.mobile;
      await consumeVerificationCode(trx, checked.code.id, now);
      const pending = pendingSchema.parse(checked.code.payload);

      const entry = await trx
        .selectFrom("enterprises")
        .leftJoin("organisations", "organisations.enterprise_id", "enterprises.id")
        .select([
          "enterprises.id",
          "enterprises.name",
          "enterprises.region_code as regionCode",
          "organisations.id as linkedOrganisationId",
        ])
        .where("enterprises.id", "=", pending.enterpriseId)
        .executeTakeFirst();
      if (!entry) return invalid({}, ["法人库中已没有该企业,请重新注册。"]);
      if (entry.linkedOrganisationId) return invalid({}, [ENTERPRISE_TAKEN]);
      if (await usernameTaken(trx, mobile)) return invalid({}, [MOBILE_TAKEN]);

      const org = await insertOrganisation(trx, {
        kind: "enterprise",
        name: entry.name,
        short_name: null,
        region_code: entry.regionCode,
        contact_name: pending.contactName,
        contact_phone: mobile,
        contact_email: pending.email,
        enterprise_id: entry.id,
        now,
      });
      const user = await insertUser(trx, {
        username: mobile,
        password_hash: pending.passwordHash,
        display_name: pending.contactName,
        role: "enterprise",
        organisation_id: org.id,
        phone: mobile,
        email: pending.email,
        mobile_verified_at: now,
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
          creditCode: pending.creditCode,
          contactName: pending.contactName,
          contactPhone: mobile,
        },
      });
      await appendAudit(trx, {
        entity: "user",
        entityId: user.id,
        action: "registered",
        actorId: user.id,
        at: now,
        to: { username: mobile },
      });
      await recordSecurityEvent(trx, {
        kind: "mobile_verified",
        at: now,
        userId: user.id,
        username: mobile,
        ip: client.ip,
        userAgent: client.userAgent,
        detail: { purpose: "register", verificationId: checked.code.id },
      });
      return { ok: true, userId: user.id, username: mobile };
    });
  } catch (e) {
    // Two registrations of one enterprise or one number finishing at once: the second gets the same answer.
    const err = e as { code?: string; constraint?: string };
    if (err.code === "23505" && err.constraint === "organisations_enterprise_id_key") {
      return invalid({}, [ENTERPRISE_TAKEN]);
    }
    if (err.code === "23505") return invalid({}, [MOBILE_TAKEN]);
    throw e;
  }
}
