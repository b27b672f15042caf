import type { Kysely } from "kysely";
import {
  CODE_CHECKS_PER_ADDRESS,
  CODE_GAP_PER_MOBILE,
  CODE_TTL_MS,
  CODES_SENT_PER_ADDRESS,
  CODES_SENT_PER_MOBILE,
  codeRefusal,
  codeState,
  maskMobile,
  resendAt,
  type CodeState,
} from "~/domain/verification";
import { appendAudit, type Db } from "~/models/audit.server";
import { searchEnterprises } from "~/models/registry.server";
import { recordSecurityEvent } from "~/models/security-event.server";
import {
  consumeVerificationCode,
  expireVerificationCodes,
  latestMobileChange,
} from "~/models/verification-code.server";
import type { Database } from "../../db/schema";
import { clip } from "../../emails/layout";
import { changeMobileCodeSms } from "../../emails/verification";
import { chargeLimits, type Client } from "./verification-limits.server";
import { checkCode, issueCode } from "./verification.server";

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

/**
 * Registry entries for the window and hotline forms: the first few of the office's registry search (by code
 * or words of the name, ranked the same way), deregistered firms flagged.
 */
export async function registryCandidates(db: Kysely<Database>, q: string, limit = 8) {
  // No query, no candidates (the registry's search would list the latest entries).
  if (q.trim() === "") return [];
  const found = await searchEnterprises(db, { q });
  return found.rows.slice(0, limit).map((e) => ({
    creditCode: e.creditCode,
    name: e.name,
    legalRepresentative: e.legalRepresentative,
    regionCode: e.regionCode,
    status: e.status,
    deregistration: e.deregistration,
  }));
}

// ——— the enterprise's contact (/account/contact) ———

/** Who asks when a caller has no request to name (the limits then share one count). */
const UNKNOWN_CLIENT: Client = { ip: "unknown" };

export type MobileChangeStart =
  | { status: "unchanged" }
  | { status: "code_sent"; maskedMobile: string }
  | { status: "limited"; message: string }
  | { status: "missing"; message: string };

/**
 * The enterprise keeps its contact up to date. The name and email take effect at once; a new mobile only
 * once the code sent to it comes back (confirmMobileChange). The sign-in name (the first mobile) does not
 * change.
 */
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
  client: Client = UNKNOWN_CLIENT,
): Promise<{ changed: boolean; mobile: MobileChangeStart }> {
  const { changed, before } = await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("organisations")
      .select(["name", "contact_name", "contact_phone", "contact_email"])
      .where("id", "=", input.organisationId)
      .where("kind", "=", "enterprise")
      .forUpdate()
      .executeTakeFirstOrThrow();
    const from = { contact_name: before.contact_name, contact_email: before.contact_email };
    const to = { contact_name: input.contactName, contact_email: input.email };
    if (JSON.stringify(from) === JSON.stringify(to)) return { changed: false, before };
    await trx
      .updateTable("organisations")
      .set({ ...to, updated_at: input.now })
      .where("id", "=", input.organisationId)
      .execute();
    await trx
      .updateTable("users")
      .set({ email: input.email, display_name: input.contactName, updated_at: input.now })
      .where("id", "=", input.userId)
      .execute();
    await appendAudit(trx, {
      entity: "organisation",
      entityId: input.organisationId,
      action: "contact_updated",
      actorId: input.userId,
      at: input.now,
      from,
      to,
    });
    return { changed: true, before };
  });
  if (input.mobile === before.contact_phone) return { changed, mobile: { status: "unchanged" } };
  const mobile = await startMobileChange(db, {
    userId: input.userId,
    organisationId: input.organisationId,
    enterpriseName: before.name,
    from: before.contact_phone,
    to: input.mobile,
    now: input.now,
    client,
  });
  return { changed, mobile };
}

async function startMobileChange(
  db: Kysely<Database>,
  c: {
    userId: number;
    organisationId: number;
    enterpriseName: string;
    from: string | null;
    to: string;
    now: Date;
    client: Client;
  },
): Promise<MobileChangeStart> {
  const send = await chargeLimits(
    db,
    [
      [CODES_SENT_PER_ADDRESS, c.client.ip],
      [CODE_GAP_PER_MOBILE, c.to],
      [CODES_SENT_PER_MOBILE, c.to],
    ],
    c.now,
    c.client,
  );
  if (!send.allowed) return { status: "limited", message: send.message };
  await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom("users").select("username").where("id", "=", c.userId).executeTakeFirstOrThrow();
    // One change at a time: a new number replaces any change still waiting for its code.
    await expireVerificationCodes(trx, { userId: c.userId, purpose: "change_mobile" }, c.now);
    await issueCode(trx, {
      purpose: "change_mobile",
      mobile: c.to,
      userId: c.userId,
      username: user.username,
      payload: { organisationId: c.organisationId, from: c.from },
      message: {
        code: (code) =>
          changeMobileCodeSms({ code, validMinutes: CODE_TTL_MS / 60_000, enterpriseName: clip(c.enterpriseName, 30) }),
        template: "change-mobile-code",
      },
      now: c.now,
      client: c.client,
    });
  });
  return { status: "code_sent", maskedMobile: maskMobile(c.to) };
}

export interface PendingMobileChange {
  maskedMobile: string;
  state: CodeState;
  expiresAt: Date;
  resendAt: Date;
}

/** The change of mobile waiting for its code, while its code can still be entered or sent again. */
export async function pendingMobileChange(db: Db, userId: number, now: Date): Promise<PendingMobileChange | null> {
  const row = await latestMobileChange(db, userId);
  if (!row) return null;
  const state = codeState(row, now);
  if (state !== "active" && state !== "exhausted") return null;
  return { maskedMobile: maskMobile(row.mobile), state, expiresAt: row.expiresAt, resendAt: resendAt(row.createdAt) };
}

export type MobileChangeResult = { ok: true; maskedMobile: string } | { ok: false; status: 400 | 429; message: string };

/** The code sent to the new number came back: the number becomes the contact mobile. */
export async function confirmMobileChange(
  db: Kysely<Database>,
  input: { userId: number; organisationId: number; code: string; now: Date },
  client: Client,
): Promise<MobileChangeResult> {
  const check = await chargeLimits(db, [[CODE_CHECKS_PER_ADDRESS, client.ip]], input.now, client);
  if (!check.allowed) return { ok: false, status: 429, message: check.message };
  return db.transaction().execute(async (trx): Promise<MobileChangeResult> => {
    const pending = await latestMobileChange(trx, input.userId);
    if (!pending) return { ok: false, status: 400, message: codeRefusal("missing") };
    const user = await trx
      .selectFrom("users")
      .select("username")
      .where("id", "=", input.userId)
      .executeTakeFirstOrThrow();
    const checked = await checkCode(trx, {
      id: pending.id,
      purpose: "change_mobile",
      code: input.code,
      now: input.now,
      client,
      username: user.username,
    });
    if (!checked.ok) return { ok: false, status: 400, message: checked.message };
    await consumeVerificationCode(trx, pending.id, input.now);
    const mobile = checked.code.mobile;
    const before = await trx
      .selectFrom("organisations")
      .select("contact_phone")
      .where("id", "=", input.organisationId)
      .where("kind", "=", "enterprise")
      .forUpdate()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("organisations")
      .set({ contact_phone: mobile, updated_at: input.now })
      .where("id", "=", input.organisationId)
      .execute();
    await trx
      .updateTable("users")
      .set({ phone: mobile, mobile_verified_at: input.now, updated_at: input.now })
      .where("id", "=", input.userId)
      .execute();
    await appendAudit(trx, {
      entity: "organisation",
      entityId: input.organisationId,
      action: "contact_updated",
      actorId: input.userId,
      at: input.now,
      from: { contact_phone: before.contact_phone },
      to: { contact_phone: mobile },
      reason: "短信验证码验证新号码",
    });
    await recordSecurityEvent(trx, {
      kind: "mobile_verified",
      at: input.now,
      userId: input.userId,
      username: user.username,
      ip: client.ip,
      userAgent: client.userAgent,
      detail: { purpose: "change_mobile", verificationId: pending.id, mobile: maskMobile(mobile) },
    });
    return { ok: true, maskedMobile: maskMobile(mobile) };
  });
}

/** "重新获取验证码" for the change waiting: a new code to the same new number; the old one ends. */
export async function resendMobileChange(
  db: Kysely<Database>,
  input: { userId: number; organisationId: number; now: Date },
  client: Client,
): Promise<MobileChangeStart> {
  const pending = await latestMobileChange(db, input.userId);
  if (!pending) return { status: "missing", message: codeRefusal("missing") };
  const org = await db
    .selectFrom("organisations")
    .select(["name", "contact_phone"])
    .where("id", "=", input.organisationId)
    .executeTakeFirstOrThrow();
  return startMobileChange(db, {
    userId: input.userId,
    organisationId: input.organisationId,
    enterpriseName: org.name,
    from: org.contact_phone,
    to: pending.mobile,
    now: input.now,
    client,
  });
}

/** The person withdraws the change waiting for its code. */
export async function cancelMobileChange(db: Kysely<Database>, input: { userId: number; now: Date }): Promise<void> {
  await expireVerificationCodes(db, { userId: input.userId, purpose: "change_mobile" }, input.now);
}
