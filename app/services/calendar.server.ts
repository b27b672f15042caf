import type { Kysely } from "kysely";
import { dayKind, formatDateZh, weekday, type LocalDate } from "~/domain/calendar";
import { appendAudit } from "~/models/audit.server";
import { loadWorkCalendar } from "~/models/calendar.server";
import type { Database } from "../../db/schema";
import { recomputeUpcomingCycles } from "./cycles.server";

export type DayEdit =
  | { date: LocalDate; kind: "holiday" | "makeup"; name: string; source: string }
  | { date: LocalDate; kind: "normal"; source: string };

export type EditResult = { ok: true; cyclesChanged: number } | { ok: false; error: string };

/**
 * Add or correct one day of the official calendar. "normal" removes an entry, so the day falls back to the
 * weekday rule. Upcoming cycles follow the change, and both are recorded.
 */
export async function editCalendarDay(
  db: Kysely<Database>,
  edit: DayEdit,
  actor: { id: number; now: Date },
): Promise<EditResult> {
  if (edit.kind === "makeup" && weekday(edit.date) <= 5) {
    return { ok: false, error: `${formatDateZh(edit.date)}本来就是工作日,不能设为调休上班日` };
  }
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("calendar_days")
      .selectAll()
      .where("date", "=", edit.date)
      .forUpdate()
      .executeTakeFirst();
    if (edit.kind === "normal") {
      if (!before) return { ok: false, error: `${formatDateZh(edit.date)}没有特殊安排,无需恢复` };
      await trx.deleteFrom("calendar_days").where("date", "=", edit.date).execute();
    } else {
      if (before && before.kind === edit.kind && before.name === edit.name && before.source === edit.source) {
        return { ok: false, error: "该日期的安排没有变化" };
      }
      await trx
        .insertInto("calendar_days")
        .values({
          date: edit.date,
          kind: edit.kind,
          name: edit.name,
          source: edit.source,
          updated_by: actor.id,
          updated_at: actor.now,
        })
        .onConflict((oc) =>
          oc.column("date").doUpdateSet({
            kind: edit.kind,
            name: edit.name,
            source: edit.source,
            updated_by: actor.id,
            updated_at: actor.now,
          }),
        )
        .execute();
    }
    const cal = await loadWorkCalendar(trx);
    await appendAudit(trx, {
      entity: "calendar_day",
      entityId: edit.date,
      action: edit.kind === "normal" ? "reset" : before ? "corrected" : "added",
      actorId: actor.id,
      at: actor.now,
      from: before ? { kind: before.kind, name: before.name, source: before.source } : null,
      to:
        edit.kind === "normal"
          ? { kind: dayKind(cal, edit.date) }
          : { kind: edit.kind, name: edit.name, source: edit.source },
      reason: edit.source,
    });
    const cyclesChanged = await recomputeUpcomingCycles(trx, {
      cal,
      actorId: actor.id,
      now: actor.now,
      reason: `工作日历调整:${edit.date}(${edit.source})`,
    });
    return { ok: true, cyclesChanged };
  });
}

export async function setYearConfirmed(
  db: Kysely<Database>,
  input: { year: number; confirmed: boolean; source: string | null; actorId: number; now: Date },
): Promise<EditResult> {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("calendar_years")
      .selectAll()
      .where("year", "=", input.year)
      .forUpdate()
      .executeTakeFirst();
    if ((before?.confirmed ?? false) === input.confirmed) {
      return { ok: false, error: input.confirmed ? `${input.year}年已是确认状态` : `${input.year}年本来就未确认` };
    }
    const values = {
      confirmed: input.confirmed,
      source: input.source ?? before?.source ?? null,
      confirmed_by: input.confirmed ? input.actorId : null,
      confirmed_at: input.confirmed ? input.now : null,
    };
    await trx
      .insertInto("calendar_years")
      .values({ year: input.year, ...values })
      .onConflict((oc) => oc.column("year").doUpdateSet(values))
      .execute();
    await appendAudit(trx, {
      entity: "calendar_year",
      entityId: input.year,
      action: input.confirmed ? "confirmed" : "unconfirmed",
      actorId: input.actorId,
      at: input.now,
      from: { confirmed: before?.confirmed ?? false },
      to: { confirmed: input.confirmed },
      reason: input.source,
    });
    return { ok: true, cyclesChanged: 0 };
  });
}
