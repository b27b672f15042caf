/**
 * Handling by departments and counties: every transition with its clocks (started, due, finished, on time
 * or late), guarded so a second click or another organisation changes nothing, and every step in the
 * appeal's history. Dates cross a weekend, a holiday and the make-up working days of 2026.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatInstant } from "~/domain/calendar";
import {
  acceptAssignment,
  countyReply,
  decideEscalation,
  decideExtension,
  disputeAssignment,
  reassignDisputed,
  requestEscalation,
  requestExtension,
  submitOpinion,
  type Actor,
} from "~/services/handling.server";
import { screenAppeal } from "~/services/screening.server";
import { screenToCity, submitTestAppeal } from "./helpers/appeals";
import { createSeededDb, organisationIds, type TestDb, userIdOf } from "./helpers/db";
import { makeUser } from "./helpers/factories";

let t: TestDb;
let officeId: number;
const org = new Map<string, number>();
let category: number;
const actors = new Map<string, Actor>();

beforeAll(async () => {
  t = await createSeededDb({ now: new Date("2026-01-01T09:00:00+08:00") });
  officeId = await userIdOf(t.db, "office");
  for (const [name, id] of await organisationIds(t.db)) org.set(name, id);
  category = (
    await t.db.selectFrom("appeal_categories").select("id").where("name", "=", "用地与规划").executeTakeFirstOrThrow()
  ).id;
  // A person of each organisation that acts here, in its role (the transition tables check it).
  for (const name of ["市自然资源局", "市住房和城乡建设局", "市工业和信息化局", "湘桥区人民政府"]) {
    const organisationId = org.get(name) ?? [...org.entries()].find(([n]) => n.startsWith(name.slice(0, 3)))![1];
    const user = await makeUser(t.db, name.startsWith("市") ? "department" : "county", organisationId);
    actors.set(name, { id: user.id, organisationId });
  }
});
afterAll(async () => t.drop());

const at = (s: string) => new Date(s);
const iso = (d: Date | null | undefined) => (d ? formatInstant(d) : null);

async function newAppeal(receivedAt: string) {
  return (await submitTestAppeal(t.db, { categoryId: category }, { now: at(receivedAt) })).appealId;
}

async function toCity(appealId: number, when: string, lead = "市自然资源局", co: string[] = []) {
  await screenToCity(
    t.db,
    appealId,
    org.get(lead)!,
    co.map((n) => org.get(n)!),
    { actorId: officeId, now: at(when) },
  );
}

async function toCounty(appealId: number, when: string) {
  const out = await screenAppeal(t.db, appealId, { kind: "county" }, { actorId: officeId, now: at(when) });
  if (!out.ok) throw new Error(out.error);
}

/** An appeal booked 2026-11-16 09:00 and screened to its county at 10:00: its assignment and a county person. */
async function atCounty() {
  const id = await newAppeal("2026-11-16T09:00:00+08:00");
  await toCounty(id, "2026-11-16T10:00:00+08:00");
  const county = await t.db
    .selectFrom("appeal_assignments")
    .selectAll()
    .where("appeal_id", "=", id)
    .executeTakeFirstOrThrow();
  const countyActor = {
    id: (await makeUser(t.db, "county", county.organisation_id)).id,
    organisationId: county.organisation_id,
  };
  return { id, county, countyActor };
}

async function assignment(appealId: number, organisation: string) {
  return t.db
    .selectFrom("appeal_assignments")
    .selectAll()
    .where("appeal_id", "=", appealId)
    .where("organisation_id", "=", actors.get(organisation)?.organisationId ?? org.get(organisation)!)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
}

async function clocks(appealId: number) {
  return t.db.selectFrom("appeal_clocks").selectAll().where("appeal_id", "=", appealId).orderBy("id").execute();
}

async function status(appealId: number) {
  return (await t.db.selectFrom("appeals").select("status").where("id", "=", appealId).executeTakeFirstOrThrow())
    .status;
}

async function actions(appealId: number) {
  return (
    await t.db.selectFrom("appeal_events").select("action").where("appeal_id", "=", appealId).orderBy("id").execute()
  ).map((e) => e.action);
}

const actor = (name: string) => actors.get(name)!;

describe("a department accepts and replies", () => {
  it("accept stops the 24-hour clock and starts the 10-working-day reply clock; the reply finishes it", async () => {
    const id = await newAppeal("2026-09-16T09:00:00+08:00");
    // Routed on Friday 09-18 at 15:00: 24 working hours run over the make-up Sunday 09-20 → 09-20 15:00.
    await toCity(id, "2026-09-18T15:00:00+08:00", "市自然资源局", ["市住房和城乡建设局"]);
    const lead = await assignment(id, "市自然资源局");
    const co = await assignment(id, "市住房和城乡建设局");
    expect((await clocks(id)).map((c) => [c.kind, iso(c.due_at)])).toEqual([
      ["accept", "2026-09-20T15:00:00+08:00"],
      ["accept", "2026-09-20T15:00:00+08:00"],
    ]);

    // Another organisation cannot act on it.
    const stranger = await acceptAssignment(t.db, {
      assignmentId: lead.id,
      actor: actor("市工业和信息化局"),
      now: at("2026-09-18T16:00:00+08:00"),
    });
    expect(stranger).toEqual({ ok: false, error: "没有找到该交办事项。" });

    const accepted = await acceptAssignment(t.db, {
      assignmentId: lead.id,
      actor: actor("市自然资源局"),
      now: at("2026-09-18T16:00:00+08:00"),
    });
    expect(accepted.ok).toBe(true);
    // A double click changes nothing.
    expect(
      (
        await acceptAssignment(t.db, {
          assignmentId: lead.id,
          actor: actor("市自然资源局"),
          now: at("2026-09-18T16:01:00+08:00"),
        })
      ).ok,
    ).toBe(false);
    await acceptAssignment(t.db, {
      assignmentId: co.id,
      actor: actor("市住房和城乡建设局"),
      now: at("2026-09-21T09:00:00+08:00"),
    });

    const c = await clocks(id);
    const leadAccept = c.find((x) => x.assignment_id === lead.id && x.kind === "accept")!;
    expect(leadAccept).toMatchObject({ finish: "done", on_time: true, late_ms: 0 });
    // Accepted Friday 09-18: 10 working days over the make-up Sunday 09-20, Mid-Autumn (09-25–27) and
    // National Day (10-01–07) end on Friday 10-09.
    const reply = c.find((x) => x.assignment_id === lead.id && x.kind === "reply")!;
    expect(iso(reply.due_at)).toBe("2026-10-09T23:59:59+08:00");
    expect(iso(reply.remind_at)).toBe("2026-10-08T00:00:00+08:00");
    // The co-department accepted on Monday 09-21, after its limit (Sunday 09-20 15:00): late by 18 hours.
    const coAccept = c.find((x) => x.assignment_id === co.id && x.kind === "accept")!;
    expect(coAccept).toMatchObject({ on_time: false, late_ms: 18 * 3600_000 });

    const opinion = await submitOpinion(t.db, {
      assignmentId: co.id,
      body: "同意牵头部门意见,我局配合做好规划许可。",
      attachments: [],
      submissionKey: randomUUID(),
      actor: actor("市住房和城乡建设局"),
      now: at("2026-09-22T10:00:00+08:00"),
    });
    expect(opinion.ok).toBe(true);
    expect(await status(id)).toBe("city");

    const key = randomUUID();
    const input = {
      assignmentId: lead.id,
      body: "经研究,该项目用地审批将于10月底前办结。",
      attachments: [
        {
          filename: "意见.pdf",
          type: { mediaType: "application/pdf", extensions: ["pdf"], label: "PDF" },
          bytes: new TextEncoder().encode("%PDF-1.4 test"),
        },
      ],
      submissionKey: key,
      actor: actor("市自然资源局"),
      now: at("2026-10-10T11:00:00+08:00"),
    };
    const [r1, r2] = await Promise.all([submitOpinion(t.db, input), submitOpinion(t.db, input)]);
    expect([r1.ok, r2.ok]).toEqual([true, true]);
    expect(
      await t.db
        .selectFrom("appeal_replies")
        .select("id")
        .where("appeal_id", "=", id)
        .where("kind", "=", "reply")
        .execute(),
    ).toHaveLength(1);
    expect(
      await t.db
        .selectFrom("appeal_attachments")
        .select("id")
        .where("appeal_id", "=", id)
        .where("reply_id", "is not", null)
        .execute(),
    ).toHaveLength(1);
    expect(await status(id)).toBe("replied");
    // Replied on the make-up Saturday 10-10, after the 10-09 limit: late, frozen.
    const done = (await clocks(id)).find((x) => x.id === reply.id)!;
    expect(done).toMatchObject({ finish: "done", on_time: false });
    expect(iso(done.finished_at)).toBe("2026-10-10T11:00:00+08:00");
    expect(await actions(id)).toEqual(expect.arrayContaining(["routed_to_city", "accepted", "co_opinion", "replied"]));
  });
});

describe("a dispute goes back to the office, which reassigns with a new clock", () => {
  it("ends the disputed assignment and starts the new department's accept clock", async () => {
    const id = await newAppeal("2026-11-19T09:00:00+08:00");
    await toCity(id, "2026-11-20T10:00:00+08:00");
    const lead = await assignment(id, "市自然资源局");
    const refused = await disputeAssignment(t.db, {
      assignmentId: lead.id,
      reason: "不属于我局职责",
      actor: actor("市自然资源局"),
      now: at("2026-11-20T11:00:00+08:00"),
    });
    expect(refused).toMatchObject({ ok: false, field: "proposedOwnerId" });
    const disputed = await disputeAssignment(t.db, {
      assignmentId: lead.id,
      reason: "厂房报建属住建部门职责",
      proposedOwnerId: org.get("市住房和城乡建设局")!,
      actor: actor("市自然资源局"),
      now: at("2026-11-20T11:00:00+08:00"),
    });
    expect(disputed.ok).toBe(true);
    expect((await assignment(id, "市自然资源局")).state).toBe("disputed");
    expect((await clocks(id))[0]).toMatchObject({ finish: "disputed", on_time: true });

    const note = await reassignDisputed(t.db, {
      assignmentId: lead.id,
      organisationId: org.get("市住房和城乡建设局")!,
      note: "",
      actorId: officeId,
      now: at("2026-11-20T15:00:00+08:00"),
    });
    expect(note).toMatchObject({ ok: false, field: "note" });
    const moved = await reassignDisputed(t.db, {
      assignmentId: lead.id,
      organisationId: org.get("市住房和城乡建设局")!,
      note: "同意异议,改由住建局牵头",
      actorId: officeId,
      now: at("2026-11-20T15:00:00+08:00"),
    });
    expect(moved.ok).toBe(true);
    const old = await t.db
      .selectFrom("appeal_assignments")
      .selectAll()
      .where("id", "=", lead.id)
      .executeTakeFirstOrThrow();
    expect(old).toMatchObject({ state: "ended" });
    const fresh = await assignment(id, "市住房和城乡建设局");
    expect(fresh).toMatchObject({ role: "lead", state: "assigned" });
    const newClock = (await clocks(id)).find((c) => c.assignment_id === fresh.id)!;
    // Friday 15:00 → Monday 15:00 over the weekend.
    expect(iso(newClock.due_at)).toBe("2026-11-23T15:00:00+08:00");
    expect(
      await t.db
        .selectFrom("notifications")
        .select("template")
        .where("appeal_id", "=", id)
        .where("template", "=", "assignment-notice")
        .execute(),
    ).toHaveLength(4); // SMS and email to each of the two departments, one per assignment
    // A second reassignment of the same dispute does nothing.
    expect(
      (
        await reassignDisputed(t.db, {
          assignmentId: lead.id,
          organisationId: org.get("市工业和信息化局")!,
          note: "再次",
          actorId: officeId,
          now: at("2026-11-20T15:01:00+08:00"),
        })
      ).ok,
    ).toBe(false);
  });
});

describe("extensions", () => {
  it("are asked before the limit, granted to a later working day (the clock moves), or refused with a reason", async () => {
    const id = await newAppeal("2026-09-21T09:00:00+08:00");
    await toCity(id, "2026-09-21T10:00:00+08:00");
    const lead = await assignment(id, "市自然资源局");
    await acceptAssignment(t.db, {
      assignmentId: lead.id,
      actor: actor("市自然资源局"),
      now: at("2026-09-21T11:00:00+08:00"),
    });
    const reply = (await clocks(id)).find((c) => c.kind === "reply")!;
    // Accepted Monday 09-21: 10 working days → Monday 10-12 (holidays 09-25–27, 10-01–07; make-up 10-10).
    expect(iso(reply.due_at)).toBe("2026-10-12T23:59:59+08:00");

    const ask = () =>
      requestExtension(t.db, {
        assignmentId: lead.id,
        reason: "需征求省厅意见",
        requestedDueDate: "2026-10-23",
        actor: actor("市自然资源局"),
        now: at("2026-10-09T10:00:00+08:00"),
      });
    expect((await ask()).ok).toBe(true);
    expect(await ask()).toEqual({ ok: false, error: "已有一项延期申请等待平台审核。" });
    const ext = await t.db
      .selectFrom("appeal_extensions")
      .selectAll()
      .where("appeal_id", "=", id)
      .executeTakeFirstOrThrow();

    expect(
      await decideExtension(t.db, {
        extensionId: ext.id,
        grant: true,
        newDueDate: "2026-10-11",
        note: "",
        actorId: officeId,
        now: at("2026-10-09T15:00:00+08:00"),
      }),
    ).toEqual({ ok: false, error: "新的办理期限须为工作日", field: "newDueDate" });
    const granted = await decideExtension(t.db, {
      extensionId: ext.id,
      grant: true,
      newDueDate: "2026-10-23",
      note: "同意",
      actorId: officeId,
      now: at("2026-10-09T15:00:00+08:00"),
    });
    expect(granted.ok).toBe(true);
    const moved = (await clocks(id)).find((c) => c.id === reply.id)!;
    expect(iso(moved.due_at)).toBe("2026-10-23T23:59:59+08:00");
    expect(iso(moved.original_due_at)).toBe("2026-10-12T23:59:59+08:00");
    expect(iso(moved.remind_at)).toBe("2026-10-22T00:00:00+08:00");

    // A second request, refused: the limit stays.
    expect(
      (
        await requestExtension(t.db, {
          assignmentId: lead.id,
          reason: "再延",
          actor: actor("市自然资源局"),
          now: at("2026-10-20T10:00:00+08:00"),
        })
      ).ok,
    ).toBe(true);
    const second = await t.db
      .selectFrom("appeal_extensions")
      .selectAll()
      .where("appeal_id", "=", id)
      .where("decision", "is", null)
      .executeTakeFirstOrThrow();
    expect(
      await decideExtension(t.db, {
        extensionId: second.id,
        grant: false,
        note: " ",
        actorId: officeId,
        now: at("2026-10-20T15:00:00+08:00"),
      }),
    ).toMatchObject({ ok: false, field: "note" });
    expect(
      (
        await decideExtension(t.db, {
          extensionId: second.id,
          grant: false,
          note: "已延期一次",
          actorId: officeId,
          now: at("2026-10-20T15:00:00+08:00"),
        })
      ).ok,
    ).toBe(true);
    expect(iso((await clocks(id)).find((c) => c.id === reply.id)!.due_at)).toBe("2026-10-23T23:59:59+08:00");

    // After the limit, no more requests.
    expect(
      await requestExtension(t.db, {
        assignmentId: lead.id,
        reason: "晚了",
        actor: actor("市自然资源局"),
        now: at("2026-10-24T10:00:00+08:00"),
      }),
    ).toEqual({
      ok: false,
      error: "已超过办理期限,不能再申请延期。",
    });
    expect(await actions(id)).toEqual(
      expect.arrayContaining(["extension_requested", "extension_granted", "extension_refused"]),
    );
  });
});

describe("the county path", () => {
  it("the county resolves and replies: the enterprise is told, the county clock finishes", async () => {
    const { id, county, countyActor } = await atCounty();
    const clock = (await clocks(id))[0];
    expect(clock.kind).toBe("county_reply");
    expect(iso(clock.due_at)).toBe("2026-11-30T23:59:59+08:00");
    const r = await countyReply(t.db, {
      assignmentId: county.id,
      body: "已协调街道办理,本周内完成。",
      attachments: [],
      submissionKey: randomUUID(),
      actor: countyActor,
      now: at("2026-11-18T10:00:00+08:00"),
    });
    expect(r.ok).toBe(true);
    expect(await status(id)).toBe("county_resolved");
    expect(
      (await t.db.selectFrom("notifications").select("template").where("appeal_id", "=", id).execute()).map(
        (n) => n.template,
      ),
    ).toContain("county-reply");
  });

  it("escalation: sent back once with a new county clock, then approved to city departments keeping the county opinion", async () => {
    const { id, county, countyActor } = await atCounty();
    const ask = (when: string) =>
      requestEscalation(t.db, {
        assignmentId: county.id,
        opinion: "涉及市级用地指标,县区无权限",
        attachments: [],
        submissionKey: randomUUID(),
        actor: countyActor,
        now: at(when),
      });
    expect((await ask("2026-11-17T10:00:00+08:00")).ok).toBe(true);
    expect(await status(id)).toBe("escalation_review");

    const back = await decideEscalation(t.db, {
      appealId: id,
      approve: false,
      note: "请先与自然资源分局沟通",
      actorId: officeId,
      now: at("2026-11-18T10:00:00+08:00"),
    });
    expect(back.ok).toBe(true);
    expect(await status(id)).toBe("county");
    const countyClocks = (await clocks(id)).filter((c) => c.kind === "county_reply");
    expect(countyClocks).toHaveLength(2);
    expect(iso(countyClocks[1].due_at)).toBe("2026-12-02T23:59:59+08:00");

    expect((await ask("2026-11-19T10:00:00+08:00")).ok).toBe(true);
    const approved = await decideEscalation(t.db, {
      appealId: id,
      approve: true,
      leadId: org.get("市自然资源局")!,
      coIds: [org.get("市工业和信息化局")!],
      actorId: officeId,
      now: at("2026-11-20T10:00:00+08:00"),
    });
    expect(approved.ok).toBe(true);
    const a = await t.db
      .selectFrom("appeals")
      .select(["status", "level"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(a).toEqual({ status: "city", level: "city" });
    const opinions = await t.db.selectFrom("appeal_replies").select("kind").where("appeal_id", "=", id).execute();
    expect(opinions.map((o) => o.kind)).toEqual(["county_opinion", "county_opinion"]);
    const assignments = await t.db
      .selectFrom("appeal_assignments")
      .select(["role", "state"])
      .where("appeal_id", "=", id)
      .orderBy("id")
      .execute();
    expect(assignments).toEqual([
      { role: "county", state: "ended" },
      { role: "lead", state: "assigned" },
      { role: "co", state: "assigned" },
    ]);
    expect((await clocks(id)).filter((c) => c.finished_at === null).map((c) => c.kind)).toEqual(["accept", "accept"]);
    // Approving again does nothing.
    expect(
      (
        await decideEscalation(t.db, {
          appealId: id,
          approve: false,
          note: "x",
          actorId: officeId,
          now: at("2026-11-20T11:00:00+08:00"),
        })
      ).ok,
    ).toBe(false);
    expect(await actions(id)).toEqual(
      expect.arrayContaining([
        "routed_to_county",
        "escalation_requested",
        "escalation_sent_back",
        "escalation_approved",
      ]),
    );
  });
});
