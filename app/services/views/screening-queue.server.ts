/** The platform's screening queue as its page shows it: the filter, the counts, one page of appeals, the choices. */
import { CHANNEL_LABEL, dueState } from "~/domain/appeal";
import { formatInstant, formatInstantZh } from "~/domain/calendar";
import type { Db } from "~/models/audit.server";
import { listCategories } from "~/models/appeal.server";
import { activeOrganisationsOfKind, cyclesWithScreening, screeningQueue } from "~/models/screening.server";
import { screeningFilterSchema, SCREENING_PAGE_SIZE } from "~/schemas/screening";
import { parseQuery } from "~/utils/params.server";

/** "11月25日 24:00": the year is the queue's own, the weekday is in the title. */
function shortInstant(d: Date): string {
  const s = formatInstant(d);
  const time = s.slice(11, 19) === "23:59:59" ? "24:00" : s.slice(11, 16);
  return `${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日 ${time}`;
}

export async function screeningQueueView(db: Db, searchParams: URLSearchParams, at: Date) {
  const filter = parseQuery(screeningFilterSchema, searchParams);
  const [queue, cycles, categories, counties, departments] = await Promise.all([
    screeningQueue(
      db,
      { cycleNumber: filter.cycle, categoryId: filter.category, due: filter.due, q: filter.q },
      at,
      filter.page,
      SCREENING_PAGE_SIZE,
    ),
    cyclesWithScreening(db),
    listCategories(db, false),
    activeOrganisationsOfKind(db, "county"),
    activeOrganisationsOfKind(db, "department"),
  ]);
  return {
    filter: {
      cycle: filter.cycle ? String(filter.cycle) : "",
      category: filter.category ? String(filter.category) : "",
      due: filter.due ?? "",
      q: filter.q ?? "",
    },
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(queue.matching / SCREENING_PAGE_SIZE)),
    counts: queue.counts,
    matching: queue.matching,
    rows: queue.rows.map((r) => ({
      id: r.id,
      trackingNumber: r.trackingNumber,
      received: shortInstant(r.receivedAt),
      receivedFull: formatInstantZh(r.receivedAt),
      channel: CHANNEL_LABEL[r.channel],
      enterpriseName: r.enterpriseName,
      title: r.title,
      category: r.categoryName,
      cycleNumber: r.cycleNumber,
      due: shortInstant(r.screeningDueAt),
      dueFull: formatInstantZh(r.screeningDueAt),
      dueState: dueState(r.screeningDueAt, at),
    })),
    cycles: cycles.map((c) => ({ number: c.number, month: c.month })),
    categories: categories.map((c) => ({ id: c.id, name: c.active ? c.name : `${c.name}(已停用)` })),
    counties: counties.map((c) => ({ id: c.id, name: c.name })),
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
  };
}

export type ScreeningQueueView = Awaited<ReturnType<typeof screeningQueueView>>;
