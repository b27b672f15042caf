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
