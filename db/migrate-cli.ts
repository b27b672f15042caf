/** npm run db:migrate */
import { parseEnv } from "../app/utils/env.server";
import { openDatabase } from "./lifecycle";

const env = parseEnv();
const opened = await openDatabase({
  databaseUrl: env.DATABASE_URL,
  embeddedPort: env.EMBEDDED_PG_PORT,
  log: console.log,
});
await opened.close();
console.log("Database is at the latest migration.");
