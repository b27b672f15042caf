/**
 * A worker process for the restart test: sweeps deadlines at the instant given, a few clocks at a time,
 * until killed. `tsx tests/integration/helpers/sweep-child.ts <database url> <ISO instant>`
 */
import { createDb } from "../../../db/connection";
import { sweepDeadlines } from "../../../app/services/deadline-sweep.server";

const [url, instant] = process.argv.slice(2);
const db = createDb(url, 2);
const now = new Date(instant);
for (;;) {
  const r = await sweepDeadlines(db, now, { limit: 3 });
  process.stdout.write(`${r.reminders + r.lateNotices}\n`);
  if (r.reminders + r.lateNotices === 0) break;
}
await db.destroy();
