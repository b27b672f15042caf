import { z } from "zod";

export const apiKeyCreateSchema = z.object({
  intent: z.literal("create"),
  name: z.string({ error: "请填写密钥名称" }).trim().min(2, "密钥名称至少2个字").max(50, "密钥名称不超过50字"),
  organisationId: z.coerce.number({ error: "请选择使用单位" }).int("请选择使用单位").positive("请选择使用单位"),
});

export const apiKeyRevokeSchema = z.object({
  intent: z.literal("revoke"),
  id: z.coerce.number().int().positive(),
});

export const apiKeyActionSchema = z.union([apiKeyCreateSchema, apiKeyRevokeSchema]);

/** `ztk_<prefix>_<secret>`: 8 characters to find the key by, 64 hex characters (32 random bytes) of secret. */
export const API_KEY_PATTERN = /^ztk_([a-z0-9]{8})_([0-9a-f]{64})$/;

/** The client's name for one submission: 1–100 printable ASCII characters (a UUID is the usual choice). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7E]{1,100}$/;

/** Request bodies of the intake API are small JSON documents; anything larger is refused unread. */
export const MAX_API_BODY_BYTES = 64 * 1024;
