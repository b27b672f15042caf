import type { Db } from "./audit.server";
import type { OrganisationKind } from "../../db/schema";

/** A LIKE pattern matching `q` anywhere, with LIKE's own wildcards taken literally. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface OrganisationFilter {
  q?: string;
  kind?: OrganisationKind;
  page: number;
  pageSize: number;
}

export async function listOrganisations(db: Db, f: OrganisationFilter) {
  let query = db.selectFrom("organisations");
  if (f.q) {
    const like = containsPattern(f.q);
    query = query.where((eb) =>
      eb.or([eb("name", "ilike", like), eb("short_name", "ilike", like), eb("region_code", "like", like)]),
    );
  }
  if (f.kind) query = query.where("kind", "=", f.kind);
  const [{ count }] = await query.select((eb) => eb.fn.countAll<number>().as("count")).execute();
  const rows = await query
    .select((eb) => [
      "organisations.id",
      "organisations.kind",
      "organisations.name",
      "organisations.short_name as shortName",
      "organisations.region_code as regionCode",
      "organisations.contact_name as contactName",
      "organisations.contact_phone as contactPhone",
      "organisations.active",
      eb
        .selectFrom("users")
        .select((u) => u.fn.countAll<number>().as("n"))
        .whereRef("users.organisation_id", "=", "organisations.id")
        .as("userCount"),
    ])
    .orderBy("kind")
    .orderBy("id")
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { total: Number(count), rows: rows.map((r) => ({ ...r, userCount: Number(r.userCount ?? 0) })) };
}

/** Every organisation, for the choosers of the account forms. */
export async function organisationOptions(db: Db) {
  return db
    .selectFrom("organisations")
    .select(["id", "kind", "name", "active"])
    .orderBy("kind")
    .orderBy("name")
    .execute();
}

export async function getOrganisation(db: Db, id: number) {
  return db
    .selectFrom("organisations")
    .leftJoin("enterprises", "enterprises.id", "organisations.enterprise_id")
    .select([
      "organisations.id",
      "organisations.kind",
      "organisations.name",
      "organisations.short_name as shortName",
      "organisations.region_code as regionCode",
      "organisations.contact_name as contactName",
      "organisations.contact_phone as contactPhone",
      "organisations.contact_email as contactEmail",
      "organisations.active",
      "organisations.created_at as createdAt",
      "enterprises.credit_code as creditCode",
      "enterprises.name as registryName",
    ])
    .where("organisations.id", "=", id)
    .executeTakeFirst();
}

/** Another organisation of the same kind with this name, ignoring case and surrounding spaces. */
export async function findOrganisationByKindAndName(db: Db, kind: OrganisationKind, name: string, exceptId?: number) {
  let query = db
    .selectFrom("organisations")
    .select(["id"])
    .where("kind", "=", kind)
    .where((eb) => eb(eb.fn("lower", [eb.fn("btrim", ["name"])]), "=", name.trim().toLowerCase()));
  if (exceptId !== undefined) query = query.where("id", "<>", exceptId);
  return query.executeTakeFirst();
}

export interface OrganisationValues {
  name: string;
  short_name: string | null;
  region_code: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
}

export async function insertOrganisation(
  db: Db,
  values: OrganisationValues & { kind: OrganisationKind; enterprise_id: number | null; now: Date },
) {
  const { now, ...row } = values;
  return db
    .insertInto("organisations")
    .values({ ...row, created_at: now, updated_at: now })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

export async function updateOrganisationRow(
  db: Db,
  id: number,
  patch: Partial<OrganisationValues> & { active?: boolean },
  now: Date,
) {
  await db
    .updateTable("organisations")
    .set({ ...patch, updated_at: now })
    .where("id", "=", id)
    .execute();
}

/** The registry (法人库) entry with this credit code, and the organisation already linked to it, if any. */
export async function findRegistryEnterprise(db: Db, creditCode: string) {
  return db
    .selectFrom("enterprises")
    .leftJoin("organisations", "organisations.enterprise_id", "enterprises.id")
    .select(["enterprises.id", "enterprises.name", "organisations.id as linkedOrganisationId"])
    .where("enterprises.credit_code", "=", creditCode)
    .executeTakeFirst();
}

/** The editable columns of one organisation, locked until the transaction ends. */
export async function lockOrganisationForChange(db: Db, id: number) {
  return db
    .selectFrom("organisations")
    .select([
      "id",
      "kind",
      "name",
      "short_name",
      "region_code",
      "contact_name",
      "contact_phone",
      "contact_email",
      "active",
    ])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export async function findOrganisationBrief(db: Db, id: number) {
  return db
    .selectFrom("organisations")
    .select(["id", "kind", "name", "active"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** An enterprise's name, contact and credit code, as its account page shows them. */
export async function enterpriseContact(db: Db, organisationId: number) {
  return db
    .selectFrom("organisations")
    .leftJoin("enterprises", "enterprises.id", "organisations.enterprise_id")
    .select([
      "organisations.name",
      "organisations.contact_name as contactName",
      "organisations.contact_phone as contactPhone",
      "organisations.contact_email as contactEmail",
      "enterprises.credit_code as creditCode",
    ])
    .where("organisations.id", "=", organisationId)
    .executeTakeFirstOrThrow();
}
