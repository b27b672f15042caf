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
  let query = db
    .selectFrom("users")
    .innerJoin("organisations", "organisations.id", "users.organisation_id");
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb("users.username", "ilike", like), eb("users.display_name", "ilike", like), eb("organisations.name", "ilike", like)]),
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
      "users.phone",
      "users.email",
      "organisations.id as organisationId",
      "organisations.name as organisationName",
    ])
    .orderBy("users.id")
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { total: Number(count), rows };
}
