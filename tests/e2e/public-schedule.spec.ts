/** The machine-readable schedule: GET /api/v1/cycles (JSON) and /calendar.ics, no sign-in. */
import { expect, test } from "@playwright/test";
import { CYCLE_10_OF_2026 } from "../fixtures/cycle-10-2026";

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

test("GET /api/v1/cycles?year=2026 publishes the year's cycles", async ({ request }) => {
  const response = await request.get("/api/v1/cycles?year=2026");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  const body = await response.json();

  expect(body).toEqual({ year: 2026, calendarConfirmed: expect.any(Boolean), cycles: expect.any(Array) });
  expect(body.cycles.length).toBeGreaterThan(0);
  for (const cycle of body.cycles) {
    expect(cycle).toMatchObject({
      number: expect.any(Number),
      month: expect.stringMatching(/^2026-(0[1-9]|1[0-2])$/),
      onsiteDate: expect.stringMatching(/^2026-\d{2}-\d{2}$/),
      bookingOpensAt: expect.stringMatching(INSTANT),
      bookingClosesAt: expect.stringMatching(INSTANT),
      catalogDueAt: expect.stringMatching(INSTANT),
      agendaDueAt: expect.stringMatching(INSTANT),
      commitmentsDueAt: expect.stringMatching(INSTANT),
    });
    for (const key of ["leader", "secretaryGeneral"]) {
      expect(cycle).toHaveProperty(key);
      if (cycle[key] !== null) expect(cycle[key]).toEqual({ name: expect.any(String), title: expect.any(String) });
    }
  }

  const october = body.cycles.find((c: { month: string }) => c.month === "2026-10");
  expect(october).toMatchObject(CYCLE_10_OF_2026);
});

test("/calendar.ics answers an iCalendar feed", async ({ request }) => {
  const response = await request.get("/calendar.ics");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/calendar");
  const text = await response.text();
  expect(text).toContain("BEGIN:VCALENDAR");
  expect(text).toContain("BEGIN:VEVENT");
});
