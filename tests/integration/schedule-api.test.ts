import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ICAL from "ical.js";
import { CYCLE_10_OF_2026 } from "../fixtures/cycle-10-2026";
import { createSeededDb, routesUse, type TestDb } from "./helpers/db";

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb({ now: new Date("2026-11-20T10:00:00+08:00"), years: [2026, 2027] });
  routesUse(t);
});
afterAll(async () => t.drop());

async function get(path: string) {
  const url = `http://localhost${path}`;
  const mod = path.startsWith("/api/v1/cycles")
    ? await import("~/routes/api.v1.cycles")
    : await import("~/routes/calendar[.]ics");
  return (await mod.loader({ request: new Request(url), params: {}, context: {} })) as Response;
}

describe("GET /api/v1/cycles", () => {
  it("answers the documented shape with +08:00 times", async () => {
    const res = await get("/api/v1/cycles?year=2026");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.year).toBe(2026);
    expect(body.calendarConfirmed).toBe(true);
    expect(body.cycles).toHaveLength(12);
    const oct = body.cycles.find((c: { month: string }) => c.month === "2026-10");
    expect(oct).toEqual({
      ...CYCLE_10_OF_2026,
      // Cycle 10 of the rotation: 4th of 6 leaders, 2nd of 4 secretaries-general.
      leader: { name: "吴启明", title: "副市长" },
      secretaryGeneral: { name: "刘晓峰", title: "市政府副秘书长" },
      provisional: false,
    });
  });

  it("flags 2027 as not confirmed and refuses a bad year", async () => {
    const body = await (await get("/api/v1/cycles?year=2027")).json();
    expect(body.calendarConfirmed).toBe(false);
    expect(body.cycles[0]).toMatchObject({ number: 13, provisional: true });
    expect((await get("/api/v1/cycles?year=20x6")).status).toBe(400);
  });
});

describe("GET /calendar.ics", () => {
  it("is a parsable feed of every stored cycle", async () => {
    const res = await get("/calendar.ics");
    expect(res.headers.get("Content-Type")).toContain("text/calendar");
    const comp = new ICAL.Component(ICAL.parse(await res.text()));
    const uids = comp.getAllSubcomponents("vevent").map((v) => v.getFirstPropertyValue("uid"));
    expect(uids).toHaveLength(24);
    expect(uids).toContain("cycle-2026-10@zhitongche.chaozhou");
  });
});
