/**
 * The supervisor's graded urging ladder (督办, SPEC §4 step 10), pure: a reminder before a tracked task's
 * deadline, then a yellow and a red urging notice once it is late. Which rung a task stands on follows from
 * its stored due instant, the calendar and the clock the caller passes; which notice is owed follows from the
 * rung and the notices already recorded. Nothing here reads the time or sends anything.
 *
 * Time before and after the deadline is working-day time (SPEC §3): the days off of a holiday neither bring
 * a reminder nearer nor make a department later.
 */
import { workingHoursDeadline, type WorkCalendar } from "./calendar";
import { workingTimeBefore } from "./clocks";

const WORKING_DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The reminder goes out one working day before the deadline: a full working day is enough for the contact
 * to finish or to ask for an extension before the limit, and it comes close enough to the limit not to be
 * read as routine. Counted back over working days only, like the clocks' reminders: a deadline at 24:00 of
 * a Monday is reminded from 00:00 of that Monday, one at noon just after a holiday at noon before it.
 */
export const REMINDER_LEAD_WORKING_DAYS = 1;

/**
 * Late by up to 3 working days is yellow; by more, red, and the department's head is told. Three working
 * days is the platform's own unit of prompt action (screening, commitments and off-agenda replies are all
 * due within 3 working days), so a department that has let as long again pass after its limit is no longer
 * slow but stalled.
 */
export const RED_AFTER_LATE_WORKING_DAYS = 3;

export type UrgeLevel = "reminder" | "yellow" | "red";
export type UrgingLevel = "none" | UrgeLevel;

/** The rungs from lowest to highest. */
export const URGE_LEVELS: readonly UrgeLevel[] = ["reminder", "yellow", "red"];

/** Whom a notice is addressed to, in the department (or county) responsible. */
export type UrgeRecipient = "contact" | "head";
export { URGE_LABEL, URGE_RECIPIENT_LABEL, URGING_LEVEL_LABEL } from "./labels";

/**
 * A reminder and a yellow notice go to the contact, who does the work; a red one also to the head, because
 * by then the work needs someone who can move people and priorities.
 */
export const URGE_RECIPIENTS: Record<UrgeLevel, readonly UrgeRecipient[]> = {
  reminder: ["contact"],
  yellow: ["contact"],
  red: ["contact", "head"],
};

/** The instant from which a task due at `dueAt` stands on the reminder rung. */
export function urgingReminderFrom(dueAt: Date, cal: WorkCalendar): Date {
  return workingTimeBefore(cal, dueAt, REMINDER_LEAD_WORKING_DAYS * WORKING_DAY_MS);
}

/**
 * The last instant of the yellow rung: 3 working days of working-day time after the limit, counted as the
 * accept clock counts its 24 hours (workingHoursDeadline). Late by exactly that much is still yellow; one
 * millisecond more is red. For a limit at 24:00 of a day, yellow lasts until 24:00 of the 3rd working day
 * after it, and red starts at the 00:00 that follows, whether or not that next day is worked: the grace has
 * run out, and a weekend does not put it back.
 */
export function yellowUrgingUntil(dueAt: Date, cal: WorkCalendar): Date {
  return workingHoursDeadline(cal, dueAt, RED_AFTER_LATE_WORKING_DAYS * 24);
}

/**
 * The rung an unfinished task stands on at `now` (a finished task is urged no more; that is the caller's
 * test). At the due instant itself the task is on time, as with every clock; one millisecond later it is
 * late, yellow.
 */
export function urgingLevel(dueAt: Date, now: Date, cal: WorkCalendar): UrgingLevel {
  if (now <= dueAt) return now >= urgingReminderFrom(dueAt, cal) ? "reminder" : "none";
  return now > yellowUrgingUntil(dueAt, cal) ? "red" : "yellow";
}

/**
 * The notice owed now, if any: the notice of the current rung, unless it, or a higher one, was already sent.
 *
 * - Each notice is sent at most once per deadline; after an extension the caller passes only the notices
 *   sent against the new due instant, and the ladder starts again.
 * - A rung that was skipped (the task was created late, or the job did not run) is not sent after the fact:
 *   a task already red gets the red notice only. A yellow followed at once by a red would say the same thing
 *   twice, and the red notice reaches the contact too, so nobody misses anything.
 * - A lower notice never follows a higher one (a reminder once late, or a yellow after a red), which would
 *   read as the matter having become less pressing.
 */
export function nextUrge(level: UrgingLevel, alreadySent: readonly UrgeLevel[]): UrgeLevel | null {
  if (level === "none") return null;
  const rung = URGE_LEVELS.indexOf(level);
  const sentAtOrAbove = alreadySent.some((sent) => URGE_LEVELS.indexOf(sent) >= rung);
  return sentAtOrAbove ? null : level;
}
