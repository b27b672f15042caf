import type { Kysely } from "kysely";
import type { Role } from "../../app/domain/roles";
import type { Database } from "../../db/schema";

/** The e2e run's database: its name (E2E_DATABASE, default zhitongche_e2e) and how a spec reaches it. */
export const E2E_DATABASE = process.env.E2E_DATABASE ?? "zhitongche_e2e";
if (!/^[a-z_][a-z0-9_]*$/.test(E2E_DATABASE))
  throw new Error(`E2E_DATABASE must be a plain lower-case name, got ${E2E_DATABASE}`);

/** On DATABASE_URL's server when set, else on the embedded server tests/e2e/serve.ts starts (E2E_PG_PORT). */
export function e2eDatabaseUrl(): string {
  const server = process.env.DATABASE_URL;
  if (server) {
    const u = new URL(server);
    u.pathname = `/${E2E_DATABASE}`;
    return u.toString();
  }
  return `postgres://postgres:postgres@127.0.0.1:${process.env.E2E_PG_PORT ?? 54331}/${E2E_DATABASE}`;
}

/**
 * A person of `organisationId` in `role` who cannot sign in (no password), for a spec's set-up that takes a
 * step as that organisation through the services: the transition tables check the actor's role.
 */
export async function staffOf(
  db: Kysely<Database>,
  username: string,
  role: Role,
  organisationId: number,
  displayName: string,
): Promise<{ id: number; organisationId: number }> {
  await db
    .insertInto("users")
    .values({
      username,
      password_hash: "not-a-password",
      display_name: displayName,
      role,
      organisation_id: organisationId,
    })
    .onConflict((oc) => oc.column("username").doNothing())
    .execute();
  const u = await db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow();
  return { id: u.id, organisationId };
}
