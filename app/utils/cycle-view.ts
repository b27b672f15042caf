/** Cycles formatted for people (strings only, so the browser's time zone never matters). */
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { bookingWindowState, type WindowState } from "~/domain/cycle-schedule";
import type { ScheduledCycle } from "~/services/schedule.server";

export interface CycleView {
  id: number | null;
  number: number;
  month: string;
  onsiteDate: string;
  onsite: string;
  opens: string;
  closes: string;
  catalogDue: string;
  agendaDue: string;
  commitmentsDue: string;
  leader: string | null;
  secretaryGeneral: string | null;
  provisional: boolean;
  provisionalYears: number[];
  onsiteMoved: boolean;
  window: WindowState;
}

export const WINDOW_LABEL: Record<WindowState, string> = {
  not_yet_open: "尚未开放",
  open: "预约中",
  closed: "已截止",
};

export function cycleView(c: ScheduledCycle, now: Date): CycleView {
  return {
    id: c.id,
    number: c.number,
    month: c.month,
    onsiteDate: c.onsiteDate,
    onsite: formatDateZh(c.onsiteDate),
    opens: formatInstantZh(c.bookingOpensAt),
    closes: formatInstantZh(c.bookingClosesAt),
    catalogDue: formatInstantZh(c.catalogDueAt),
    agendaDue: formatInstantZh(c.agendaDueAt),
    commitmentsDue: formatInstantZh(c.commitmentsDueAt),
    leader: c.leader ? `${c.leader.name}(${c.leader.title})` : null,
    secretaryGeneral: c.secretaryGeneral ? `${c.secretaryGeneral.name}(${c.secretaryGeneral.title})` : null,
    provisional: c.provisionalYears.length > 0,
    provisionalYears: c.provisionalYears,
    onsiteMoved: c.onsiteMoved,
    window: bookingWindowState(c, now),
  };
}
