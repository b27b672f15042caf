import type { Db } from "~/models/audit.server";

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
