/** npm run db:seed: migrate and seed the database of DATABASE_URL (or the embedded one). */
import { parseEnv } from "../../app/utils/env.server";
import { openDatabase } from "../lifecycle";
import { seedDemoCity } from "./index";

const env = parseEnv();
const opened = await openDatabase({
  databaseUrl: env.DATABASE_URL,
  embeddedPort: env.EMBEDDED_PG_PORT,
  log: console.log,
});
try {
  const now = env.APP_NOW ? new Date(env.APP_NOW) : new Date();
  const year = Number(now.toISOString().slice(0, 4));
  const result = await seedDemoCity(opened.db, {
    now,
    firstCycleMonth: env.FIRST_CYCLE_MONTH,
    years: [year, year + 1],
  });
  console.log(`Seeded: ${JSON.stringify(result)}`);
} finally {
  await opened.close();
}
