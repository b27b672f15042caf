/**
 * A cycle's three transition tables (catalog, agenda, opinions) through their one writer: every row works
 * for each role it lists (the state, the audit record, what the row owes run once), and for every other
 * role, and from every other state, it is refused with a Chinese message and nothing changes. A row that
 * owes notices cannot be taken without them; of two concurrent steps, one wins.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoCity } from "../../db/seed/index";
import { CYCLE_LIVES, type CycleLife, type CycleStateOf, type CycleTransition } from "~/domain/cycle-transitions";
import { ROLES, type Role } from "~/domain/roles";
import { transitionCycle } from "~/services/cycle-state.server";
import { Refusal } from "~/services/refusal.server";
import { createTestDb, type TestDb } from "./helpers/db";
import { expectRefusedUnchanged, personOfEveryRole } from "./helpers/transitions";

let t: TestDb;
let people: Map<Role, number>;
let cycleIds: number[];
const NOW = new Date("2026-12-20T10:00:00+08:00");
const STATES: { [L in CycleLife]: CycleStateOf[L][] } = {
  catalog: ["open", "sent"],
  agenda: ["draft", "submitted", "returned", "approved"],
  opinions: ["draft", "submitted", "approved"],
};

beforeAll(async () => {
  t = await createTestDb();
  await seedDemoCity(t.db, { now: new Date("2026-09-01T09:00:00+08:00"), firstCycleMonth: "2026-01", years: [2026] });
  people = await personOfEveryRole(t.db);
  cycleIds = (await t.db.selectFrom("cycles").select("id").orderBy("id").execute()).map((c) => c.id);
});
afterAll(async () => t.drop());

let next = 0;
/** A cycle of its own for each attempt, its life put straight into `state` (the test's own setup). */
async function cycleIn<L extends CycleLife>(life: L, state: CycleStateOf[L]): Promise<number> {
  const id = cycleIds[next++ % cycleIds.length];
  await t.db
    .updateTable("cycles")
    .set(
      life === "catalog"
        ? { catalog_sent_at: state === "sent" ? NOW : null, catalog_sent_by: null }
        : life === "agenda"
          ? { agenda_status: state as CycleStateOf["agenda"] }
          : { opinions_status: state as CycleStateOf["opinions"] },
    )
    .where("id", "=", id)
    .execute();
  return id;
}

async function snapshot(cycleId: number) {
  const cycle = await t.db
    .selectFrom("cycles")
    .select(["agenda_status", "opinions_status", "catalog_sent_at", "updated_at"])
    .where("id", "=", cycleId)
    .executeTakeFirstOrThrow();
  const audit = await t.db
    .selectFrom("audit_events")
    .select("action")
    .where("entity", "=", "cycle")
    .where("entity_id", "=", String(cycleId))
    .execute();
  return { cycle, audit: audit.length };
}

function attempt<L extends CycleLife>(
  cycleId: number,
  life: L,
  row: CycleTransition<CycleStateOf[L]>,
  actorId: number,
  owed = row.notices === "none" ? undefined : async () => ({ owedRan: true }),
) {
  return t.db
    .transaction()
    .execute((trx) => transitionCycle(trx, { cycleId, life, action: row.action, actorId, at: NOW, owed }));
}

const stateOf = (life: CycleLife, s: Awaited<ReturnType<typeof snapshot>>) =>
  life === "catalog" ? (s.cycle.catalog_sent_at ? "sent" : "open") : s.cycle[`${life}_status`];

const ROWS = (Object.keys(CYCLE_LIVES) as CycleLife[]).flatMap((life) =>
  (CYCLE_LIVES[life].table as readonly CycleTransition<string>[]).map(
    (row) => [`${life}: ${row.from} —${row.action}→ ${row.to}`, life, row] as const,
  ),
);

describe.each(ROWS)("%s", (_name, life, row) => {
  it(`works for ${row.roles.join(", ")}, writes its audit record and runs what it owes (${row.notices})`, async () => {
    for (const role of row.roles) {
      const id = await cycleIn(life, row.from as never);
      const before = await snapshot(id);
      let ran = 0;
      const owed = row.notices === "none" ? undefined : async () => (ran++, { owedRan: true });
      expect(await attempt(id, life, row as never, people.get(role as Role)!, owed)).toEqual({
        from: row.from,
        to: row.to,
      });
      const after = await snapshot(id);
      expect(stateOf(life, after)).toBe(row.to);
      expect(after.audit).toBe(before.audit + 1);
      expect(ran).toBe(row.notices === "none" ? 0 : 1);
      const audit = await t.db
        .selectFrom("audit_events")
        .selectAll()
        .where("entity", "=", "cycle")
        .where("entity_id", "=", String(id))
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      expect(audit.action).toBe(row.action);
      expect(audit.from_value).toEqual({ [life]: row.from });
      expect(audit.to_value).toMatchObject({ [life]: row.to, ...(row.notices === "none" ? {} : { owedRan: true }) });
    }
  });

  it("is refused, changing nothing, for every other role", async () => {
    for (const role of ROLES.filter((r) => !row.roles.includes(r))) {
      const id = await cycleIn(life, row.from as never);
      await expectRefusedUnchanged(
        () => attempt(id, life, row as never, people.get(role)!),
        () => snapshot(id),
      );
    }
  });

  it("is refused, changing nothing, from every other state", async () => {
    const role = row.roles[0] as Role;
    const others = (STATES[life] as string[]).filter(
      (s) => !CYCLE_LIVES[life].table.some((r) => r.action === row.action && r.from === s),
    );
    for (const state of others) {
      const id = await cycleIn(life, state as never);
      await expectRefusedUnchanged(
        () => attempt(id, life, row as never, people.get(role)!),
        () => snapshot(id),
      );
    }
  });
});

describe("the cycle writer", () => {
  it("will not take a row that owes notices without them, nor give a row that owes none any", async () => {
    const id = await cycleIn("agenda", "submitted");
    const approve = CYCLE_LIVES.agenda.table.find((r) => r.action === "agenda.approved")!;
    const before = await snapshot(id);
    await expect(
      t.db.transaction().execute((trx) =>
        transitionCycle(trx, {
          cycleId: id,
          life: "agenda",
          action: approve.action,
          actorId: people.get("leader")!,
          at: NOW,
        }),
      ),
    ).rejects.toThrow("owes agenda_invitations");
    await expect(
      t.db.transaction().execute((trx) =>
        transitionCycle(trx, {
          cycleId: id,
          life: "agenda",
          action: "agenda.returned",
          actorId: people.get("leader")!,
          at: NOW,
          owed: async () => ({}),
        }),
      ),
    ).rejects.toThrow("owes nothing");
    expect(await snapshot(id)).toEqual(before);
  });

  it("lets exactly one of two concurrent submissions through; the other is refused", async () => {
    const id = await cycleIn("opinions", "draft");
    const submit = CYCLE_LIVES.opinions.table.find((r) => r.action === "opinions.submitted")!;
    const results = await Promise.allSettled([
      attempt(id, "opinions", submit, people.get("platform_admin")!),
      attempt(id, "opinions", submit, people.get("platform_admin")!),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(Refusal);
    expect((await snapshot(id)).cycle.opinions_status).toBe("submitted");
  });
});
