/**
 * The read side of tasks (models/task.server.ts), as the pages use it: a department sees only its own tasks,
 * the most urgent first; another department's task is not found; the public commitments hold only published
 * ones, with the enterprise's name only where it agreed to publish it and no contact details at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "~/domain/calendar";
import {
  commitmentDepartments,
  cyclesWithCommitments,
  publishedCommitments,
  taskCountsOf,
  taskOfAppeal,
  taskOfOrganisation,
  tasksOfOrganisation,
} from "~/models/task.server";
import { publishCommitment } from "~/services/tasks.server";
import { approvedAgenda, type ApprovedAgenda, decideAndApprove } from "./helpers/agenda-fixture";
import { createSeededDb, organisationIds, type TestDb } from "./helpers/db";

const at = (s: string) => new Date(s);
let t: TestDb;
let g: ApprovedAgenda;
let org: Map<string, number>;
const LEAD = "市工业和信息化局";
const OTHER = "市自然资源局";

beforeAll(async () => {
  t = await createSeededDb();
  // The first appeal is the demo enterprise's, its name published; the others withhold theirs.
  g = await approvedAgenda(t.db, [LEAD, LEAD, LEAD, OTHER]);
  org = await organisationIds(t.db);
  await decideAndApprove(t.db, g, { decision: "由牵头部门限期办结。", dueDate: addDays(g.onsiteDate, 30) });
}, 120_000);
afterAll(async () => t?.drop());

const taskIdOf = async (appealId: number) =>
  (await t.db.selectFrom("tasks").select("id").where("appeal_id", "=", appealId).executeTakeFirstOrThrow()).id;

function commit(taskId: number, organisationId: number, deadline: string, now: Date) {
  return publishCommitment(t.db, {
    taskId,
    organisationId,
    responsibleLeader: "王局长",
    responsiblePerson: "许丽娟",
    deadline,
    measures: "成立专班,每周调度。",
    userId: g.users.dept,
    now,
  });
}

describe("a department's tasks", () => {
  it("are its own only, most urgent first, filtered by state and search", async () => {
    const lead = org.get(LEAD)!;
    const [first, second, third] = await Promise.all(
      g.items.filter((i) => i.leadId === lead).map((i) => taskIdOf(i.appealId)),
    );
    // The third's commitment is due earliest; the first's is published, its completion far ahead.
    const due = (
      await t.db.selectFrom("tasks").select("commitment_due_at").where("id", "=", third).executeTakeFirstOrThrow()
    ).commitment_due_at;
    await t.db
      .updateTable("tasks")
      .set({ commitment_due_at: new Date(due.getTime() - 3600_000) })
      .where("id", "=", third)
      .execute();
    expect((await commit(first, lead, addDays(g.onsiteDate, 60), due)).ok).toBe(true);

    const all = await tasksOfOrganisation(t.db, { organisationId: lead, page: 1 });
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => r.id)).toEqual([third, second, first]);
    const open = await tasksOfOrganisation(t.db, { organisationId: lead, state: "open", page: 1 });
    expect(open.rows.map((r) => r.id)).toEqual([third, second]);
    const title = all.rows.find((r) => r.id === second)!.title;
    const found = await tasksOfOrganisation(t.db, { organisationId: lead, q: title, page: 1 });
    expect(found.rows.map((r) => r.id)).toEqual([second]);
    // A search text's wildcards are taken literally.
    expect((await tasksOfOrganisation(t.db, { organisationId: lead, q: "%", page: 1 })).total).toBe(0);
    expect(await taskCountsOf(t.db, lead)).toMatchObject({ all: 3, open: 2, committed: 1, closed: 0 });

    expect(await taskOfOrganisation(t.db, first, lead)).toMatchObject({ id: first, state: "committed" });
    expect(await taskOfOrganisation(t.db, first, org.get(OTHER)!)).toBeUndefined();
    // The enterprise's view carries no notes of the talk and no contact details.
    const forEnterprise = await taskOfAppeal(t.db, g.items[0].appealId);
    expect(forEnterprise).toBeDefined();
    expect(Object.keys(forEnterprise!)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/talk|contact|phone|email/i)]),
    );
  });
});

describe("the public commitments", () => {
  it("hold published commitments only, the name withheld unless the enterprise agreed", async () => {
    const leadItems = g.items.filter((i) => i.leadId === org.get(LEAD)!);
    const other = await taskIdOf(g.items.find((i) => i.leadId === org.get(OTHER)!)!.appealId);
    const second = await taskIdOf(leadItems[1].appealId);
    const now = at(`${g.onsiteDate}T15:00:00+08:00`);
    expect((await commit(second, org.get(LEAD)!, addDays(g.onsiteDate, 10), now)).ok).toBe(true);
    expect((await commit(other, org.get(OTHER)!, addDays(g.onsiteDate, 20), now)).ok).toBe(true);

    const cycles = await cyclesWithCommitments(t.db);
    expect(cycles.map((c) => c.id)).toEqual([g.cycleId]);
    expect((await commitmentDepartments(t.db, g.cycleId)).map((d) => d.name)).toEqual([LEAD, OTHER].sort());

    const list = await publishedCommitments(t.db, { cycleId: g.cycleId, page: 1 });
    // The three published ones; the third task of the lead department is still open.
    expect(list.total).toBe(3);
    const byAppeal = new Map(
      await Promise.all(g.items.map(async (i) => [await taskIdOf(i.appealId), i.appealId] as const)),
    );
    const names = await t.db.selectFrom("appeals").select(["id", "enterprise_name", "publish_name"]).execute();
    for (const row of list.rows) {
      const appeal = names.find((a) => a.id === byAppeal.get(row.id))!;
      expect(row.enterpriseName).toBe(appeal.publish_name ? appeal.enterprise_name : null);
      expect(Object.keys(row).some((k) => /contact|phone|email/i.test(k))).toBe(false);
    }
    expect(list.rows.filter((r) => r.enterpriseName !== null)).toHaveLength(1);

    const byDepartment = await publishedCommitments(t.db, {
      cycleId: g.cycleId,
      organisationId: org.get(OTHER)!,
      page: 1,
    });
    expect(byDepartment.rows.map((r) => r.id)).toEqual([other]);
    const title = byDepartment.rows[0].title;
    const searched = await publishedCommitments(t.db, { cycleId: g.cycleId, q: title, page: 1 });
    expect(searched.rows.map((r) => r.id)).toEqual([other]);
  });
});
