import { describe, expect, it } from "vitest";
import { calendar2026 } from "../../tests/fixtures/calendar-2026";
import { cycleEvents, dayEvents } from "./calendar-events";
import { planYear } from "./cycle-schedule";

describe("calendar events", () => {
  const events = cycleEvents(planYear(calendar2026, "2026-01", 2026));
  const byId = (id: string) => events.find((e) => e.id === id)!;

  it("shows October's window from 09-11 up to, not including, 10-08", () => {
    expect(byId("open-2026-10")).toMatchObject({ start: "2026-09-11", end: "2026-10-08", title: "第10期预约开放" });
  });

  it("shows the closure from the closing day until the next window opens", () => {
    expect(byId("closed-2026-10")).toMatchObject({ start: "2026-10-08", end: "2026-10-16", display: "background" });
  });

  it("marks the on-site day and the due dates on their own days", () => {
    expect(byId("onsite-2026-10")).toMatchObject({ start: "2026-10-14", title: "第10期现场活动日" });
    expect(byId("catalog-2026-10").start).toBe("2026-10-08");
    expect(byId("agenda-2026-10").start).toBe("2026-10-13");
    expect(byId("commitments-2026-02").start).toBe("2026-02-14");
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("holidays and make-up days each have their own colour and label", () => {
    const [bg, label] = dayEvents([{ date: "2026-10-10", kind: "makeup", name: "国庆节" }]);
    expect(bg.display).toBe("background");
    expect(label.title).toBe("国庆节 调休上班");
    const [, hol] = dayEvents([{ date: "2026-10-01", kind: "holiday", name: "国庆节" }]);
    expect(hol.title).toBe("国庆节 放假");
    expect(hol.backgroundColor).not.toBe(label.backgroundColor);
  });
});

describe("list view events", () => {
  it("turns a window into its opening and closing day and drops background shading", async () => {
    const { listViewEvents } = await import("./calendar-events");
    const list = listViewEvents(cycleEvents(planYear(calendar2026, "2026-01", 2026)));
    expect(list.find((e) => e.id === "open-2026-10-start")).toMatchObject({
      start: "2026-09-11",
      title: "第10期企业预约开始(00:00)",
    });
    expect(list.find((e) => e.id === "open-2026-10-end")).toMatchObject({ start: "2026-10-08" });
    expect(list.find((e) => e.id === "open-2026-10-end")?.end).toBeUndefined();
    expect(list.some((e) => e.display === "background" || e.id === "open-2026-10")).toBe(false);
  });
});
