/**
 * The cycle's catalog order and the on-site agenda's rules (SPEC §4 steps 6–7), pure: how the catalog is
 * grouped and ordered, what is still missing before the secretary-general can submit, and who a change to
 * an approved agenda concerns (only they are notified again).
 */

/** The on-site agenda's life: drafted by the office, submitted to the secretary-general, returned or approved. */
/** The leader's review of a submitted agenda. */
export type AgendaReviewAction = "submitted" | "returned" | "approved";
export type AgendaStatus = "draft" | "submitted" | "returned" | "approved";

export interface CatalogOrderItem {
  id: number;
  number: number;
  /** The lead department's place in the city's list (its id order), and its name. */
  leadOrder: number;
  categoryPosition: number;
  /** Manual order within its group. */
  position: number;
}

/** Grouped by lead department, then category; within a group, the manual order, then the number. */
export function sortCatalog<T extends CatalogOrderItem>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) =>
      a.leadOrder - b.leadOrder ||
      a.categoryPosition - b.categoryPosition ||
      a.position - b.position ||
      a.number - b.number,
  );
}

export const sameGroup = (a: CatalogOrderItem, b: CatalogOrderItem) =>
  a.leadOrder === b.leadOrder && a.categoryPosition === b.categoryPosition;

/** The neighbour an item swaps places with when moved up or down within its group, if any. */
export function neighbourInGroup<T extends CatalogOrderItem>(
  items: readonly T[],
  id: number,
  direction: "up" | "down",
): T | null {
  const sorted = sortCatalog(items);
  const i = sorted.findIndex((x) => x.id === id);
  if (i < 0) return null;
  const j = direction === "up" ? i - 1 : i + 1;
  const other = sorted[j];
  return other && sameGroup(other, sorted[i]) ? other : null;
}

export interface AgendaEntryDraft {
  number: number;
  proposedOpinion: string | null;
  selected: boolean;
  slotStart: string | null;
  slotEnd: string | null;
  attendeeIds: readonly number[];
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "09:30" → minutes after midnight; null when not a time of day. */
export function minutesOf(t: string | null): number | null {
  if (!t || !TIME.test(t)) return null;
  const [h, m] = t.split(":").map(Number);
  return h * 60 + m;
}

/**
 * What keeps the agenda from being submitted, in Chinese, one line each: an issue without a proposed
 * opinion, an issue on the day without a time slot or attendees, a slot that ends before it starts, two
 * slots that overlap, and no issue picked at all.
 */
export function agendaProblems(entries: readonly AgendaEntryDraft[]): string[] {
  const problems: string[] = [];
  for (const e of entries) {
    if (!e.proposedOpinion?.trim()) problems.push(`第${e.number}号问题尚无拟办意见`);
  }
  const picked = entries.filter((e) => e.selected);
  if (picked.length === 0) problems.push("尚未选定现场活动议题");
  const slots: { number: number; start: number; end: number }[] = [];
  for (const e of picked) {
    const start = minutesOf(e.slotStart);
    const end = minutesOf(e.slotEnd);
    if (start === null || end === null) problems.push(`第${e.number}号议题尚未安排时段`);
    else if (end <= start) problems.push(`第${e.number}号议题的结束时间须晚于开始时间`);
    else slots.push({ number: e.number, start, end });
    if (e.attendeeIds.length === 0) problems.push(`第${e.number}号议题尚未确定参加单位`);
  }
  slots.sort((a, b) => a.start - b.start);
  for (let i = 1; i < slots.length; i++) {
    if (slots[i].start < slots[i - 1].end)
      problems.push(`第${slots[i - 1].number}号与第${slots[i].number}号议题的时段重叠`);
  }
  return problems;
}

/** What an invitation says to whom: one line per issue on the day. */
export interface AgendaSlot {
  appealId: number;
  slotStart: string;
  slotEnd: string;
  attendeeIds: number[];
}

export interface AgendaSnapshot {
  place: string;
  slots: AgendaSlot[];
}

/**
 * After an approved agenda changes, who must hear again: the enterprise of every issue added, removed or
 * moved to another time, and every organisation that joins, leaves or attends a moved issue; a change of
 * place concerns everyone on the new and the old agenda.
 */
export function affectedByChange(
  before: AgendaSnapshot | null,
  after: AgendaSnapshot,
): { appealIds: number[]; organisationIds: number[] } {
  const everyone = (s: AgendaSnapshot | null) => ({
    appeals: s ? s.slots.map((x) => x.appealId) : [],
    orgs: s ? s.slots.flatMap((x) => x.attendeeIds) : [],
  });
  if (!before || before.place !== after.place) {
    const a = everyone(before);
    const b = everyone(after);
    return {
      appealIds: [...new Set([...a.appeals, ...b.appeals])].sort((x, y) => x - y),
      organisationIds: [...new Set([...a.orgs, ...b.orgs])].sort((x, y) => x - y),
    };
  }
  const appeals = new Set<number>();
  const orgs = new Set<number>();
  const old = new Map(before.slots.map((s) => [s.appealId, s]));
  const now = new Map(after.slots.map((s) => [s.appealId, s]));
  for (const [id, s] of now) {
    const was = old.get(id);
    if (!was || was.slotStart !== s.slotStart || was.slotEnd !== s.slotEnd) {
      appeals.add(id);
      s.attendeeIds.forEach((o) => orgs.add(o));
      was?.attendeeIds.forEach((o) => orgs.add(o));
      continue;
    }
    for (const o of s.attendeeIds) if (!was.attendeeIds.includes(o)) orgs.add(o);
    for (const o of was.attendeeIds) if (!s.attendeeIds.includes(o)) orgs.add(o);
  }
  for (const [id, s] of old) {
    if (now.has(id)) continue;
    appeals.add(id);
    s.attendeeIds.forEach((o) => orgs.add(o));
  }
  return {
    appealIds: [...appeals].sort((x, y) => x - y),
    organisationIds: [...orgs].sort((x, y) => x - y),
  };
}

/**
 * Where an agenda stands against its deadline, for the leader's and secretary-general's lists: on time
 * (approved, or its deadline not passed), late (not approved past its deadline, the on-site day still to
 * come or today), or lapsed (the on-site day has passed without an approved agenda: the meeting did not run
 * on the platform, and calling it overdue would ask for work that can no longer be done).
 */
export type AgendaDeadlineState = "on_time" | "late" | "lapsed";

export function agendaDeadlineState(
  status: AgendaStatus,
  dueAt: Date,
  onsiteDate: string,
  now: Date,
  today: string,
): AgendaDeadlineState {
  if (status === "approved") return "on_time";
  if (today > onsiteDate) return "lapsed";
  return now > dueAt ? "late" : "on_time";
}
