/** The catalog of a cycle as the office and the government office read it: its entries, sending, history. */
import { formatDateZh, formatInstantZh } from "~/domain/calendar";
import { auditActionLabel } from "~/domain/labels";
import { auditHistory, type Db } from "~/models/audit.server";
import { catalogCycle, catalogOf, catalogTexts, sentCatalogCycle, type CatalogItem } from "~/models/catalog.server";
import { listRoster } from "~/models/cycle.server";
import { auditItems } from "~/utils/audit-view";
import type { CatalogDocumentEntry } from "../../../pdf-templates/catalog";

/** One catalog item as both pages show it: what the printed catalog prints of it, and its place to move. */
export interface CatalogEntry extends Omit<CatalogDocumentEntry, "proposedOpinion"> {
  id: number;
  /** First or last of its group (lead department and category): it cannot move further that way. */
  firstInGroup: boolean;
  lastInGroup: boolean;
}

type Texts = Awaited<ReturnType<typeof catalogTexts>>;

/** The items (already in catalog order) with their texts, as plain data for the page. */
export function catalogEntries(items: CatalogItem[], texts: Texts): CatalogEntry[] {
  const group = (i: CatalogItem | undefined) => (i ? `${i.leadOrder}:${i.categoryPosition}` : null);
  return items.map((i, k) => ({
    id: i.id,
    number: i.number,
    trackingNumber: i.trackingNumber,
    title: i.title,
    enterpriseName: i.enterpriseName,
    regionName: i.regionName,
    categoryName: i.categoryName,
    leadName: i.leadName,
    summary: i.summary,
    reply: texts.get(i.appealId)?.reply ?? null,
    countyOpinion: texts.get(i.appealId)?.countyOpinion ?? null,
    firstInGroup: group(items[k - 1]) !== group(i),
    lastInGroup: group(items[k + 1]) !== group(i),
  }));
}

/** What the catalog's header says about sending: when it was due, whether and when it was sent, and lateness. */
export function sendingFacts(c: { catalogDueAt: Date; catalogSentAt: Date | null }, at: Date) {
  return {
    due: formatInstantZh(c.catalogDueAt),
    sent: c.catalogSentAt ? formatInstantZh(c.catalogSentAt) : null,
    late: c.catalogSentAt ? c.catalogSentAt > c.catalogDueAt : at > c.catalogDueAt,
  };
}

const CATALOG_ACTIONS: readonly string[] = ["catalog.compiled", "catalog.sent", "leader.confirmed"];

/** The cycle's catalog history: compiled, sent, leader confirmed. */
export async function catalogHistory(db: Db, cycleId: number) {
  const rows = (await auditHistory(db, "cycle", cycleId)).filter((r) => CATALOG_ACTIONS.includes(r.action));
  return auditItems(rows, (r) => {
    const label = auditActionLabel("cycle", r.action);
    const to = (r.to_value ?? {}) as { added?: number; items?: number; late?: boolean; name?: string };
    if (r.action === "catalog.compiled") return `${label}:新增 ${to.added} 项`;
    if (r.action === "catalog.sent") return `${label}:共 ${to.items} 项${to.late ? "(逾期报送)" : ""}`;
    return `${label}:${to.name ?? ""}`;
  });
}

type OfficeCycle = NonNullable<Awaited<ReturnType<typeof catalogCycle>>>;
type SentCycle = NonNullable<Awaited<ReturnType<typeof sentCatalogCycle>>>;

/** The platform office's catalog page: the entries to edit and move, sending, history. */
/** The cycle's catalog items with their texts, in catalog order. */
async function entriesOf(db: Db, cycleId: number) {
  const items = await catalogOf(db, cycleId);
  const texts = await catalogTexts(
    db,
    items.map((i) => i.appealId),
  );
  return catalogEntries(items, texts);
}

/** What both catalog pages say of the cycle: its number and month, the onsite day, the sending. */
function catalogCycleFacts(cycle: OfficeCycle | SentCycle, at: Date) {
  return {
    number: cycle.number,
    month: cycle.month,
    onsite: formatDateZh(cycle.onsiteDate),
    sending: sendingFacts(cycle, at),
  };
}

export async function officeCatalogView(db: Db, cycle: OfficeCycle, at: Date) {
  const [entries, history] = await Promise.all([entriesOf(db, cycle.id), catalogHistory(db, cycle.id)]);
  return {
    cycle: {
      ...catalogCycleFacts(cycle, at),
      sentBy: cycle.sentBy,
      agendaApproved: cycle.agendaStatus === "approved",
    },
    entries,
    history,
  };
}

/** The government office's (or the platform's) reading of a sent catalog, with the leaders it may confirm. */
export async function sentCatalogView(db: Db, cycle: SentCycle, role: string, at: Date) {
  const [entries, roster, history] = await Promise.all([
    entriesOf(db, cycle.id),
    listRoster(db, "leader"),
    catalogHistory(db, cycle.id),
  ]);
  return {
    cycle: {
      ...catalogCycleFacts(cycle, at),
      leaderId: cycle.leaderId,
      leader: cycle.leaderName ? `${cycle.leaderName}(${cycle.leaderTitle})` : null,
      leaderConfirmed: cycle.leaderConfirmedAt ? formatInstantZh(cycle.leaderConfirmedAt) : null,
      confirmedBy: cycle.confirmedBy,
    },
    entries,
    leaders: roster.filter((r) => r.active).map((r) => ({ id: r.id, label: `${r.name}(${r.title})` })),
    mayConfirm: role === "government_office",
    history,
  };
}
