import { describe, expect, it } from "vitest";
import {
  agendaDeadlineState,
  affectedByChange,
  agendaProblems,
  minutesOf,
  neighbourInGroup,
  sortCatalog,
  type AgendaSnapshot,
} from "./agenda";

const item = (id: number, leadOrder: number, categoryPosition: number, position: number) => ({
  id,
  number: id,
  leadOrder,
  categoryPosition,
  position,
});

describe("the catalog's order", () => {
  const items = [item(1, 2, 1, 1), item(2, 1, 2, 2), item(3, 1, 1, 9), item(4, 1, 1, 3), item(5, 2, 1, 0)];
  it("groups by lead department, then category; within a group the manual order", () => {
    expect(sortCatalog(items).map((x) => x.id)).toEqual([4, 3, 2, 5, 1]);
  });
  it("moves only within a group", () => {
    expect(neighbourInGroup(items, 3, "up")?.id).toBe(4);
    expect(neighbourInGroup(items, 4, "up")).toBeNull();
    expect(neighbourInGroup(items, 3, "down")).toBeNull(); // 2 is another category
    expect(neighbourInGroup(items, 5, "down")?.id).toBe(1);
  });
});

describe("what keeps the agenda from being submitted", () => {
  const ok = { proposedOpinion: "建议由工信局牵头解决", selected: true, attendeeIds: [7] };
  it("nothing when every issue has an opinion and every pick a slot and attendees", () => {
    expect(
      agendaProblems([
        { number: 1, ...ok, slotStart: "09:00", slotEnd: "09:20" },
        { number: 2, ...ok, slotStart: "09:20", slotEnd: "09:40" },
        { number: 3, ...ok, selected: false, slotStart: null, slotEnd: null, attendeeIds: [] },
      ]),
    ).toEqual([]);
  });
  it("names each missing piece and an overlap", () => {
    expect(
      agendaProblems([
        { number: 1, ...ok, proposedOpinion: " ", slotStart: "09:00", slotEnd: "09:30" },
        { number: 2, ...ok, slotStart: "09:20", slotEnd: "09:40" },
        { number: 3, ...ok, slotStart: "10:00", slotEnd: "09:50" },
        { number: 4, ...ok, slotStart: null, slotEnd: null, attendeeIds: [] },
      ]),
    ).toEqual([
      "第1号问题尚无拟办意见",
      "第3号议题的结束时间须晚于开始时间",
      "第4号议题尚未安排时段",
      "第4号议题尚未确定参加单位",
      "第1号与第2号议题的时段重叠",
    ]);
    expect(agendaProblems([{ number: 1, ...ok, selected: false, slotStart: null, slotEnd: null }])).toEqual([
      "尚未选定现场活动议题",
    ]);
  });
  it("reads times of day only", () => {
    expect(minutesOf("09:30")).toBe(570);
    expect(minutesOf("24:00")).toBeNull();
    expect(minutesOf("9:30")).toBeNull();
  });
});

describe("who hears again after an approved agenda changes", () => {
  const before: AgendaSnapshot = {
    place: "市政务服务中心三楼会议室",
    slots: [
      { appealId: 1, slotStart: "09:00", slotEnd: "09:20", attendeeIds: [10, 11] },
      { appealId: 2, slotStart: "09:20", slotEnd: "09:40", attendeeIds: [12] },
      { appealId: 3, slotStart: "09:40", slotEnd: "10:00", attendeeIds: [13] },
    ],
  };
  it("the first approval concerns everyone", () => {
    expect(affectedByChange(null, before)).toEqual({ appealIds: [1, 2, 3], organisationIds: [10, 11, 12, 13] });
  });
  it("a moved issue, a removed one and a changed attendee concern only them", () => {
    const after: AgendaSnapshot = {
      place: before.place,
      slots: [
        { appealId: 1, slotStart: "09:00", slotEnd: "09:20", attendeeIds: [10, 14] },
        { appealId: 2, slotStart: "10:00", slotEnd: "10:20", attendeeIds: [12] },
      ],
    };
    expect(affectedByChange(before, after)).toEqual({ appealIds: [2, 3], organisationIds: [11, 12, 13, 14] });
  });
  it("no change concerns nobody; a new place concerns everyone", () => {
    expect(affectedByChange(before, before)).toEqual({ appealIds: [], organisationIds: [] });
    expect(affectedByChange(before, { ...before, place: "市政府常务会议室" }).appealIds).toEqual([1, 2, 3]);
  });
});

describe("an agenda against its deadline", () => {
  const due = new Date("2026-12-08T23:59:59+08:00");
  const at = (s: string) => new Date(s);
  it("is late only between its deadline and the end of the on-site day; after that, lapsed", () => {
    expect(agendaDeadlineState("draft", due, "2026-12-09", at("2026-12-08T12:00:00+08:00"), "2026-12-08")).toBe(
      "on_time",
    );
    expect(agendaDeadlineState("submitted", due, "2026-12-09", at("2026-12-09T08:00:00+08:00"), "2026-12-09")).toBe(
      "late",
    );
    expect(agendaDeadlineState("draft", due, "2026-12-09", at("2026-12-10T08:00:00+08:00"), "2026-12-10")).toBe(
      "lapsed",
    );
    expect(agendaDeadlineState("approved", due, "2026-12-09", at("2026-12-10T08:00:00+08:00"), "2026-12-10")).toBe(
      "on_time",
    );
  });
});
