/**
 * The printed documents from the database: the catalog of a cycle with 300 issues rendered through the
 * same service the resource route calls, its text read back with pdftotext; the agenda; and who may print
 * which document of which cycle.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRegistry } from "../../db/seed/registry-sample";
import { catalogOf } from "~/models/catalog.server";
import { saveAgendaEntry } from "~/services/agenda.server";
import { compileCatalog, sendCatalog } from "~/services/catalog.server";
import { printCycleDocument } from "~/services/documents.server";
import { enterpriseOf, screenToCity, submitTestAppeal } from "./helpers/appeals";
import { createSeededDb, organisationIds, type TestDb } from "./helpers/db";
import { makeOrganisation, makeUser } from "./helpers/factories";
import { PDFTOTEXT, pdfText } from "../fixtures/pdftotext";

const ISSUES = 300;
const at = (s: string) => new Date(s);
const NOW = at("2026-11-30T10:00:00+08:00");

let t: TestDb;
let cycleId: number;
let cycleNumber: number;
const users: Record<
  string,
  { id: number; role: "platform_admin" | "government_office" | "leader" | "secretary_general" }
> = {};
const org = new Map<string, number>();

const layoutText = (bytes: Buffer) => pdfText(bytes, { layout: true });

beforeAll(async () => {
  t = await createSeededDb();
  const all = await t.db.selectFrom("users").select(["id", "username", "role"]).execute();
  for (const name of ["office", "govoffice", "leader", "secretary"]) {
    const u = all.find((x) => x.username === name)!;
    users[name] = { id: u.id, role: u.role as (typeof users)[string]["role"] };
  }
  for (const [name, id] of await organisationIds(t.db)) org.set(name, id);
  const categories = await t.db.selectFrom("appeal_categories").select(["id"]).orderBy("position").execute();
  const departments = await t.db
    .selectFrom("organisations")
    .select("id")
    .where("kind", "=", "department")
    .orderBy("id")
    .execute();
  const cycle = await t.db
    .selectFrom("cycles")
    .select(["id", "number"])
    .where("booking_opens_at", "<=", at("2026-11-20T10:00:00+08:00"))
    .where("booking_closes_at", ">", at("2026-11-20T10:00:00+08:00"))
    .executeTakeFirstOrThrow();
  cycleId = cycle.id;
  cycleNumber = cycle.number;
  const roster = await t.db.selectFrom("roster_members").select(["id", "user_id"]).execute();
  await t.db
    .updateTable("cycles")
    .set({
      secretary_general_id: roster.find((r) => r.user_id === users.secretary.id)!.id,
      leader_id: roster.find((r) => r.user_id === users.leader.id)!.id,
      onsite_place: "市政务服务中心三楼会议室",
    })
    .where("id", "=", cycleId)
    .execute();

  const registry = sampleRegistry().filter((e) => e.status === "存续" && e.region_code.startsWith("4451"));
  for (let i = 0; i < ISSUES; i++) {
    const e = registry[i % registry.length];
    const r = await submitTestAppeal(
      t.db,
      {
        ...enterpriseOf(e),
        contactName: "联系人",
        contactPhone: `139${String(i).padStart(8, "0")}`,
        title: `关于第${i + 1}件企业诉求的协调请求`,
        content: `企业反映:厂区周边道路建设滞后,影响原材料运输和产品外运,每月增加物流成本约${i + 1}万元,请求协调解决。`,
        categoryId: categories[i % categories.length].id,
      },
      { now: at("2026-11-16T09:00:00+08:00") },
    );
    await screenToCity(t.db, r.appealId, departments[i % departments.length].id, [], {
      actorId: users.office.id,
      now: at("2026-11-17T10:00:00+08:00"),
    });
  }
  expect((await compileCatalog(t.db, { cycleId, actorId: users.office.id, now: NOW })).ok).toBe(true);
  // Two issues on the day, with proposed opinions; the rest of the catalog still without one.
  const items = await catalogOf(t.db, cycleId);
  for (const [k, slot] of [
    [1, ["10:00", "10:30"]],
    [0, ["09:00", "09:30"]],
  ] as const) {
    const saved = await saveAgendaEntry(t.db, {
      itemId: items[k].id,
      proposedOpinion: `拟办意见第${items[k].number}号:请牵头部门限期办结。`,
      consultedIds: [],
      selected: true,
      slotStart: slot[0],
      slotEnd: slot[1],
      attendeeIds: [items[k].leadId!, org.get("湘桥区人民政府")!],
      userId: users.secretary.id,
      now: NOW,
    });
    expect(saved.ok).toBe(true);
  }
}, 300_000);
afterAll(async () => t?.drop());

describe("the catalog of a cycle with 300 issues", () => {
  it.runIf(PDFTOTEXT)(
    "prints every issue, grouped and numbered, with the cover and page numbers",
    async () => {
      const started = performance.now();
      const doc = await printCycleDocument(t.db, { kind: "catalog", cycleNumber, user: users.office, now: NOW });
      const ms = Math.round(performance.now() - started);
      expect(doc).not.toBeNull();
      const bytes = doc!.bytes;
      console.log(`catalog of ${ISSUES} issues: ${ms} ms, ${(bytes.length / 1024).toFixed(0)} KiB`);
      expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
      expect(doc!.fileName).toBe(`第${cycleNumber}期企业问题目录.pdf`);
      // The fonts are embedded as subsets, not whole (8 MB of font would make the file far larger).
      expect(bytes.toString("latin1")).toMatch(/\/FontName \/[A-Z]{6}\+NotoSerifCJKsc-Regular/);
      expect(bytes.length).toBeLessThan(8 * 1024 * 1024);

      const text = layoutText(bytes);
      expect(text).toContain(`第${cycleNumber}期`);
      expect(text).toContain("企业问题目录");
      expect(text).toMatch(/目\s+录/);
      for (let n = 1; n <= ISSUES; n++) expect(text).toContain(`第${n}号`);
      expect(text).toContain(`关于第${ISSUES}件企业诉求的协调请求`);
      expect(text).toContain("拟办意见第");
      expect(text).toContain("(轮值秘书长尚未提出)");
      // Every department heading, numbered in Chinese; page numbers in the official form.
      expect(text).toMatch(/一、市.+(\d+项)/);
      expect(text).toMatch(/—\s*2\s*—/);
      const pages = (bytes.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length;
      expect(text).toMatch(new RegExp(`—\\s*${pages}\\s*—`));
      console.log(`catalog of ${ISSUES} issues: ${pages} pages`);
    },
    60_000,
  );
});

describe("the agenda", () => {
  it.runIf(PDFTOTEXT)("lists the issues on the day in time order, marked as a draft before approval", async () => {
    const doc = await printCycleDocument(t.db, { kind: "agenda", cycleNumber, user: users.secretary, now: NOW });
    expect(doc).not.toBeNull();
    const text = layoutText(doc!.bytes);
    expect(text).toContain("现场活动议程");
    expect(text).toContain("市政务服务中心三楼会议室");
    expect(text).toContain("送审稿");
    const first = text.indexOf("09:00—09:30");
    const second = text.indexOf("10:00—10:30");
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(text).toContain("湘桥区人民政府");
  });
});

describe("who may print", () => {
  const print = (kind: "catalog" | "agenda", user: { id: number; role: (typeof users)[string]["role"] }) =>
    printCycleDocument(t.db, { kind, cycleNumber, user, now: NOW }).then((d) => d !== null);

  it("the government office reads the catalog only once it is sent; the agenda at any time", async () => {
    expect(await print("catalog", users.govoffice)).toBe(false);
    expect(await print("agenda", users.govoffice)).toBe(true);
    expect((await sendCatalog(t.db, { cycleId, actorId: users.office.id, now: NOW })).ok).toBe(true);
    expect(await print("catalog", users.govoffice)).toBe(true);
  });

  it("a leader and a secretary-general only for their own cycle", async () => {
    expect(await print("catalog", users.leader)).toBe(true);
    expect(await print("agenda", users.secretary)).toBe(true);
    const city = await makeOrganisation(t.db, "city_government");
    const otherLeader = await makeUser(t.db, "leader", city.id);
    const otherSecretary = await makeUser(t.db, "secretary_general", city.id);
    expect(await print("catalog", { id: otherLeader.id, role: "leader" })).toBe(false);
    expect(await print("agenda", { id: otherSecretary.id, role: "secretary_general" })).toBe(false);
    // A cycle that does not exist reads as missing.
    expect(await printCycleDocument(t.db, { kind: "agenda", cycleNumber: 9999, user: users.office, now: NOW })).toBe(
      null,
    );
  });
});
