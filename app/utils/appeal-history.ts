import type { AppealHistoryItem } from "~/components/appeal-history";
import { formatInstantZh } from "~/domain/calendar";
import { appealEventLabel, appealStatusLabel } from "~/domain/labels";

/** A row of appeal_events as models/appeal.server.ts `appealEvents` reads it. */
type EventRow = {
  id: number | string;
  at: Date;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  publicNote: string | null;
  actorName: string | null;
};

/**
 * The history as the platform's staff read it (the office, the departments and counties, the registry
 * reviewer): each step by its label, never its key, and the change of status where there was one.
 */
export function appealHistoryItems(events: readonly EventRow[]): AppealHistoryItem[] {
  return events.map((e) => {
    const moved = e.fromStatus !== e.toStatus;
    return {
      id: String(e.id),
      at: formatInstantZh(e.at),
      actor: e.actorName ?? "系统",
      action: appealEventLabel(e.action),
      from: moved ? appealStatusLabel(e.fromStatus) : null,
      to: moved ? appealStatusLabel(e.toStatus) : null,
      reason: e.reason,
      note: e.publicNote,
    };
  });
}

/** The history as the enterprise reads it: only what it was told, and when; no staff names, no internal reasons. */
export function publicHistoryItems(events: readonly EventRow[]): AppealHistoryItem[] {
  return events
    .filter((e) => e.publicNote)
    .map((e) => ({
      id: String(e.id),
      at: formatInstantZh(e.at),
      actor: null,
      action: null,
      from: null,
      to: null,
      reason: null,
      note: e.publicNote,
    }));
}
