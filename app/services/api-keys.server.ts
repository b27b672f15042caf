/**
 * API keys of the intake API and the API's use cases. A key is `ztk_<prefix>_<secret>`: the prefix finds
 * the row and is shown in lists; only a SHA-256 of the whole key is stored (the 32 random bytes of the
 * secret make a slow password hash pointless), so the key is shown once, when it is made.
 */
import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import { STATUS_LABEL } from "~/domain/appeal";
import { formatInstant } from "~/domain/calendar";
import {
  findApiKeyByPrefix,
  getApiAppealForOrganisation,
  getApiKey,
  getApiSubmission,
  insertApiKey,
  markApiKeyRevoked,
  touchApiKey,
} from "~/models/api-key.server";
import { getAppealByTrackingNumber, listCategories } from "~/models/appeal.server";
import { appendAudit } from "~/models/audit.server";
import type { AppealInput } from "~/schemas/appeal";
import { API_KEY_PATTERN } from "~/schemas/api-keys";
import { submitAppeal } from "~/services/appeals.server";
import type { AppealStatus, Database } from "../../db/schema";

const PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function newPrefix(): string {
  let prefix = "";
  for (let i = 0; i < 8; i++) prefix += PREFIX_ALPHABET[randomInt(PREFIX_ALPHABET.length)];
  return prefix;
}

function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export type ApiKeyResult =
  | { ok: true; id: number; prefix: string; key: string }
  | { ok: false; error: string; field?: "name" | "organisationId" };

export async function createApiKey(
  db: Kysely<Database>,
  input: { name: string; organisationId: number; actorId: number; now: Date },
): Promise<ApiKeyResult> {
  return db.transaction().execute(async (trx) => {
    const org = await trx
      .selectFrom("organisations")
      .select(["id", "name"])
      .where("id", "=", input.organisationId)
      .where("active", "=", true)
      .where("kind", "!=", "enterprise")
      .executeTakeFirst();
    if (!org) return { ok: false, error: "请选择启用中的使用单位", field: "organisationId" };
    for (let attempt = 0; attempt < 3; attempt++) {
      const prefix = newPrefix();
      const key = `ztk_${prefix}_${randomBytes(32).toString("hex")}`;
      const row = await insertApiKey(trx, {
        name: input.name,
        prefix,
        keyHash: hashApiKey(key),
        organisationId: org.id,
        createdBy: input.actorId,
        now: input.now,
      });
      if (!row) continue;
      await appendAudit(trx, {
        entity: "api_key",
        entityId: row.id,
        action: "created",
        actorId: input.actorId,
        at: input.now,
        to: { name: input.name, prefix, organisationId: org.id, organisation: org.name },
      });
      return { ok: true, id: row.id, prefix, key };
    }
    return { ok: false, error: "生成密钥失败,请重试" };
  });
}

export async function revokeApiKey(
  db: Kysely<Database>,
  input: { id: number; actorId: number; now: Date },
): Promise<{ ok: true; name: string; prefix: string } | { ok: false; error: string }> {
  return db.transaction().execute(async (trx) => {
    const row = await markApiKeyRevoked(trx, input.id, input.now);
    if (!row) {
      const existing = await getApiKey(trx, input.id);
      return { ok: false, error: existing ? "该密钥已撤销" : "该密钥不存在" };
    }
    await appendAudit(trx, {
      entity: "api_key",
      entityId: row.id,
      action: "revoked",
      actorId: input.actorId,
      at: input.now,
      from: { revokedAt: null },
      to: { name: row.name, prefix: row.prefix, revokedAt: input.now },
    });
    return { ok: true, name: row.name, prefix: row.prefix };
  });
}

export interface ApiCaller {
  keyId: number;
  organisationId: number;
}

export type ApiAuthResult = { ok: true; caller: ApiCaller } | { ok: false; status: 401 | 403; error: string };

/** Check `Authorization: Bearer <key>` and record the key's use. */
export async function authenticateApiKey(
  db: Kysely<Database>,
  authorization: string | null,
  now: Date,
): Promise<ApiAuthResult> {
  if (!authorization) {
    return { ok: false, status: 401, error: "缺少 API 密钥:请在 Authorization 请求头中提供“Bearer <API 密钥>”" };
  }
  const key = /^Bearer +(\S+) *$/i.exec(authorization)?.[1];
  const parts = key ? API_KEY_PATTERN.exec(key) : null;
  if (!key || !parts) return { ok: false, status: 401, error: "API 密钥无效" };
  const row = await findApiKeyByPrefix(db, parts[1]);
  const presented = Buffer.from(hashApiKey(key), "hex");
  const stored = row ? Buffer.from(row.keyHash, "hex") : null;
  if (!row || !stored || stored.length !== presented.length || !timingSafeEqual(stored, presented)) {
    return { ok: false, status: 401, error: "API 密钥无效" };
  }
  if (row.revokedAt) return { ok: false, status: 403, error: "该 API 密钥已被撤销,请联系平台管理员获取新密钥" };
  await touchApiKey(db, row.id, now);
  return { ok: true, caller: { keyId: row.id, organisationId: row.organisationId } };
}

/** What the API answers about an appeal (the receipt of POST and the status of GET). */
export interface ApiAppealJson {
  trackingNumber: string;
  status: AppealStatus;
  statusLabel: string;
  cycle: { number: number; onsiteDate: string };
  receivedAt: string;
  /** Received while the booking window was closed: the appeal belongs to the next cycle. */
  nextCycle: boolean;
}

function appealJson(a: {
  trackingNumber: string;
  status: AppealStatus;
  receivedAt: Date;
  cycleNumber: number;
  cycleOnsiteDate: string;
  cycleOpensAt: Date;
}): ApiAppealJson {
  return {
    trackingNumber: a.trackingNumber,
    status: a.status,
    statusLabel: STATUS_LABEL[a.status],
    cycle: { number: a.cycleNumber, onsiteDate: a.cycleOnsiteDate },
    receivedAt: formatInstant(a.receivedAt),
    nextCycle: a.cycleOpensAt.getTime() > a.receivedAt.getTime(),
  };
}

export type ApiSubmitResult =
  | { ok: true; replayed: boolean; appeal: ApiAppealJson }
  | { ok: false; status: 400 | 422 | 503; error: string; fieldErrors?: Record<string, string[]> };

/**
 * An appeal pushed by the hotline system. The Idempotency-Key names one submission of that key: sent again,
 * it answers the first appeal; sent again with another appeal's content, it is refused rather than
 * silently answering with an appeal the client did not mean.
 */
export async function submitApiAppeal(
  db: Kysely<Database>,
  caller: ApiCaller,
  input: AppealInput,
  idempotencyKey: string | null,
  now: Date,
): Promise<ApiSubmitResult> {
  const categories = await listCategories(db);
  if (!categories.some((c) => c.id === input.categoryId)) {
    return {
      ok: false,
      status: 400,
      error: "请求内容有误",
      fieldErrors: { categoryId: ["诉求类别不存在或已停用,可选类别见 /api/v1/openapi.json"] },
    };
  }
  const result = await submitAppeal(db, input, [], {
    channel: "api",
    // Without an Idempotency-Key every request is a new submission.
    submissionKey: `api:${caller.keyId}:${idempotencyKey ?? randomUUID()}`,
    registeredBy: null,
    apiKeyId: caller.keyId,
    enterpriseOrganisationId: null,
    now,
  });
  if (!result.ok) return { ok: false, status: 503, error: result.error };
  if (!result.created) {
    const first = await getApiSubmission(db, result.appealId);
    if (first.creditCode !== input.creditCode || first.title !== input.title || first.content !== input.content) {
      return {
        ok: false,
        status: 422,
        error: "该 Idempotency-Key 已用于另一件内容不同的诉求;提交新的诉求请使用新的 Idempotency-Key",
      };
    }
  }
  const appeal = await getAppealByTrackingNumber(db, result.trackingNumber);
  if (!appeal) throw new Error(`appeal ${result.trackingNumber} vanished after intake`);
  return { ok: true, replayed: !result.created, appeal: appealJson(appeal) };
}

export interface ApiAppealStatusJson extends ApiAppealJson {
  rejectionReason: string | null;
  updatedAt: string;
}

/** An appeal's status, for the organisation whose key sent it; anyone else learns nothing, not even that it exists. */
export async function apiAppealStatus(
  db: Kysely<Database>,
  caller: ApiCaller,
  trackingNumber: string,
): Promise<ApiAppealStatusJson | null> {
  const a = await getApiAppealForOrganisation(db, trackingNumber, caller.organisationId);
  if (!a) return null;
  return { ...appealJson(a), rejectionReason: a.rejectionReason, updatedAt: formatInstant(a.updatedAt) };
}
