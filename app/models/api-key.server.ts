import type { Db } from "./audit.server";

export async function insertApiKey(
  db: Db,
  v: { name: string; prefix: string; keyHash: string; organisationId: number; createdBy: number; now: Date },
) {
  return (
    db
      .insertInto("api_keys")
      .values({
        name: v.name,
        prefix: v.prefix,
        key_hash: v.keyHash,
        organisation_id: v.organisationId,
        created_by: v.createdBy,
        created_at: v.now,
      })
      // Eight random characters collide about once in 10^12 keys; the caller draws again when they do.
      .onConflict((oc) => oc.column("prefix").doNothing())
      .returning("id")
      .executeTakeFirst()
  );
}

/** What checking a presented key needs; the hash never leaves the server. */
export async function findApiKeyByPrefix(db: Db, prefix: string) {
  return db
    .selectFrom("api_keys")
    .select(["id", "key_hash as keyHash", "organisation_id as organisationId", "revoked_at as revokedAt"])
    .where("prefix", "=", prefix)
    .executeTakeFirst();
}

export async function getApiKey(db: Db, id: number) {
  return db
    .selectFrom("api_keys")
    .select(["id", "name", "prefix", "organisation_id as organisationId", "revoked_at as revokedAt"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** For the office's list: never the hash. */
export async function listApiKeys(db: Db) {
  return db
    .selectFrom("api_keys")
    .innerJoin("organisations", "organisations.id", "api_keys.organisation_id")
    .leftJoin("users", "users.id", "api_keys.created_by")
    .select([
      "api_keys.id",
      "api_keys.name",
      "api_keys.prefix",
      "organisations.name as organisationName",
      "users.display_name as createdByName",
      "api_keys.created_at as createdAt",
      "api_keys.last_used_at as lastUsedAt",
      "api_keys.revoked_at as revokedAt",
    ])
    .orderBy("api_keys.revoked_at", (ob) => ob.desc().nullsFirst())
    .orderBy("api_keys.created_at", "desc")
    .orderBy("api_keys.id", "desc")
    .execute();
}

/** Revoke once: a key already revoked keeps its first revocation time. */
export async function markApiKeyRevoked(db: Db, id: number, now: Date) {
  return db
    .updateTable("api_keys")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .returning(["id", "name", "prefix", "organisation_id as organisationId"])
    .executeTakeFirst();
}

export async function touchApiKey(db: Db, id: number, now: Date) {
  await db.updateTable("api_keys").set({ last_used_at: now }).where("id", "=", id).execute();
}

/** Organisations a key may be issued to: the systems that push appeals, not enterprises. */
export async function apiKeyOrganisationChoices(db: Db) {
  return db
    .selectFrom("organisations")
    .select(["id", "kind", "name"])
    .where("active", "=", true)
    .where("kind", "!=", "enterprise")
    .orderBy("kind")
    .orderBy("name")
    .execute();
}

/** An appeal's status as the API reports it, only to the organisation whose key sent it. */
export async function getApiAppealForOrganisation(db: Db, trackingNumber: string, organisationId: number) {
  return db
    .selectFrom("appeals")
    .innerJoin("api_keys", "api_keys.id", "appeals.api_key_id")
    .innerJoin("cycles", "cycles.id", "appeals.cycle_id")
    .select([
      "appeals.tracking_number as trackingNumber",
      "appeals.status",
      "appeals.received_at as receivedAt",
      "appeals.updated_at as updatedAt",
      "appeals.rejection_reason as rejectionReason",
      "cycles.number as cycleNumber",
      "cycles.onsite_date as cycleOnsiteDate",
      "cycles.booking_opens_at as cycleOpensAt",
    ])
    .where("appeals.tracking_number", "=", trackingNumber)
    .where("api_keys.organisation_id", "=", organisationId)
    .executeTakeFirst();
}

/** The fields a replayed Idempotency-Key is compared on. */
export async function getApiSubmission(db: Db, appealId: number) {
  return db
    .selectFrom("appeals")
    .select(["credit_code as creditCode", "title", "content"])
    .where("id", "=", appealId)
    .executeTakeFirstOrThrow();
}
