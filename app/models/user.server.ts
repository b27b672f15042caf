import type { Db } from "./audit.server";
import type { Role } from "../../db/schema";

/** What the app knows of the signed-in person; never the password hash. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  organisationId: number;
  organisationName: string;
  organisationKind: string;
}

export async function findUserByUsername(db: Db, username: string) {
  return db
    .selectFrom("users")
    .select(["id", "username", "password_hash", "active"])
    .where("username", "=", username)
    .executeTakeFirst();
}

export async function getSessionUser(db: Db, id: number): Promise<SessionUser | undefined> {
  return db
    .selectFrom("users")
    .innerJoin("organisations", "organisations.id", "users.organisation_id")
    .select([
      "users.id",
      "users.username",
      "users.display_name as displayName",
      "users.role",
      "users.organisation_id as organisationId",
      "organisations.name as organisationName",
      "organisations.kind as organisationKind",
    ])
    .where("users.id", "=", id)
    .where("users.active", "=", true)
    .where("organisations.active", "=", true)
    .executeTakeFirst();
}

export interface UserFilter {
  q?: string;
  role?: Role;
  organisationId?: number;
  page: number;
  pageSize: number;
}

export async function listUsers(db: Db, f: UserFilter) {
  let query = db.selectFrom("users").innerJoin("organisations", "organisations.id", "users.organisation_id");
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb("users.username", "ilike", like),
        eb("users.display_name", "ilike", like),
        eb("organisations.name", "ilike", like),
      ]),
    );
  }
  if (f.role) query = query.where("users.role", "=", f.role);
  if (f.organisationId) query = query.where("users.organisation_id", "=", f.organisationId);
  const [{ count }] = await query.select((eb) => eb.fn.countAll<number>().as("count")).execute();
  const rows = await query
    .select([
      "users.id",
      "users.username",
      "users.display_name as displayName",
      "users.role",
      "users.active",
      "organisations.id as organisationId",
      "organisations.name as organisationName",
    ])
    .orderBy("users.id")
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { total: Number(count), rows };
}

/** One account as the platform office edits it; never the password hash. */
export async function getUserForAdmin(db: Db, id: number) {
  return db
    .selectFrom("users")
    .innerJoin("organisations", "organisations.id", "users.organisation_id")
    .select([
      "users.id",
      "users.username",
      "users.display_name as displayName",
      "users.role",
      "users.organisation_id as organisationId",
      "users.phone",
      "users.email",
      "users.active",
      "users.created_at as createdAt",
      "organisations.name as organisationName",
      "organisations.kind as organisationKind",
      "organisations.active as organisationActive",
    ])
    .where("users.id", "=", id)
    .executeTakeFirst();
}

/** Whether a username is taken, ignoring case: "Office" and "office" would be two people no one can tell apart. */
export async function usernameTaken(db: Db, username: string): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where((eb) => eb(eb.fn("lower", ["username"]), "=", username.toLowerCase()))
    .executeTakeFirst();
  return Boolean(row);
}

export async function insertUser(
  db: Db,
  values: {
    username: string;
    password_hash: string;
    display_name: string;
    role: Role;
    organisation_id: number;
    phone: string | null;
    email: string | null;
    /** When the mobile (phone) was proven by an SMS code. */
    mobile_verified_at?: Date | null;
    now: Date;
  },
) {
  const { now, ...row } = values;
  return db
    .insertInto("users")
    .values({ ...row, created_at: now, updated_at: now })
    .returning(["id"])
    .executeTakeFirstOrThrow();
}

export async function updateUserRow(
  db: Db,
  id: number,
  patch: {
    display_name?: string;
    role?: Role;
    organisation_id?: number;
    phone?: string | null;
    email?: string | null;
    active?: boolean;
    password_hash?: string;
    password_changed_at?: Date;
    must_change_password?: boolean;
  },
  now: Date,
) {
  await db
    .updateTable("users")
    .set({ ...patch, updated_at: now })
    .where("id", "=", id)
    .execute();
}

export async function usersOfOrganisation(db: Db, organisationId: number) {
  return db
    .selectFrom("users")
    .select(["id", "username", "display_name as displayName", "role", "active"])
    .where("organisation_id", "=", organisationId)
    .orderBy("id")
    .execute();
}

/** The editable columns of one account, locked until the transaction ends so two edits cannot interleave. */
export async function lockUserForChange(db: Db, id: number) {
  return db
    .selectFrom("users")
    .select(["id", "username", "display_name", "role", "organisation_id", "phone", "email", "active"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

/** What starting a session needs to know of the person who just gave the right password. */
export async function signInSubject(db: Db, id: number) {
  const row = await db
    .selectFrom("users")
    .select(["id", "username", "role", "totp_enabled_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return { id: row.id, username: row.username, role: row.role, hasSecondFactor: row.totp_enabled_at !== null };
}

/** The person's own account and its security state, for /account. */
export async function accountOverview(db: Db, id: number) {
  return db
    .selectFrom("users")
    .innerJoin("organisations", "organisations.id", "users.organisation_id")
    .select([
      "users.username",
      "users.display_name as displayName",
      "users.role",
      "organisations.name as organisationName",
      "users.password_changed_at as passwordChangedAt",
      "users.totp_enabled_at as totpEnabledAt",
      "users.mobile_verified_at as mobileVerifiedAt",
      "users.phone",
    ])
    .where("users.id", "=", id)
    .executeTakeFirstOrThrow();
}

export async function passwordHashOf(db: Db, id: number): Promise<string | null> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", id).executeTakeFirst();
  return row?.password_hash ?? null;
}

/** The role of a person, for the transition tables' check; undefined for an unknown or disabled account. */
export async function roleOfUser(db: Db, id: number): Promise<Role | undefined> {
  const row = await db
    .selectFrom("users")
    .select("role")
    .where("id", "=", id)
    .where("active", "=", true)
    .executeTakeFirst();
  return row?.role;
}
