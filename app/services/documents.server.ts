/**
 * The cycle's printed documents (SPEC §5): 企业问题目录 and 现场活动议程, gathered from the catalog and the
 * agenda and rendered by the templates in pdf-templates/. Who may print which:
 *   - the platform office: the catalog once it has items, the agenda and the handling opinions at any time;
 *   - the government office: the catalog once it was sent, the agenda, the approved handling opinions;
 *   - the supervision office: the approved handling opinions;
 *   - the cycle's own leader and secretary-general: all three, for their cycle only.
 * Anyone else is refused by the route's role check; a cycle that is not the reader's reads as missing.
 * A printed file leaves the platform: a mobile number written into any of its texts is printed masked.
 */
import type { AgendaDocumentData } from "../../pdf-templates/agenda";
import type { CatalogDocumentData } from "../../pdf-templates/catalog";
import type { OpinionsDocumentData } from "../../pdf-templates/opinions";
import { formatDateZh, formatDateZhPlain, formatInstant, formatInstantZh } from "~/domain/calendar";
import { minutesOf } from "~/domain/agenda";
import { DOCUMENT_LABEL } from "~/domain/labels";
import { maskPhonesInText as masked } from "~/domain/personal-data";
import type { Db } from "~/models/audit.server";
import { agendaCycle, catalogOf, catalogTexts } from "~/models/catalog.server";
import { onsiteRecordOf } from "~/models/onsite.server";
import type { SessionUser } from "~/models/user.server";
import { renderPdf } from "~/utils/pdf.server";
import type { Role } from "../../db/schema";

export type DocumentKind = "catalog" | "agenda" | "opinions";

/** The roles that may ask for a cycle's documents at all (the route's 403 check). */
export const DOCUMENT_ROLES: readonly Role[] = [
  "platform_admin",
  "government_office",
  "leader",
  "secretary_general",
  "supervisor",
];

export interface PrintedDocument {
  bytes: Buffer;
  fileName: string;
  asciiName: string;
}

type DocumentCycle = NonNullable<Awaited<ReturnType<typeof agendaCycle>>>;

/** Whether this person may print this document of this cycle (the role itself is checked by the route). */
export function mayPrint(user: Pick<SessionUser, "id" | "role">, kind: DocumentKind, c: DocumentCycle): boolean {
  switch (user.role) {
    case "platform_admin":
      return true;
    case "government_office":
      return kind === "opinions" ? c.opinionsStatus === "approved" : kind === "agenda" || c.catalogSentAt !== null;
    case "supervisor":
      return kind === "opinions" && c.opinionsStatus === "approved";
    case "leader":
      return c.leaderUserId === user.id;
    case "secretary_general":
      return c.sgUserId === user.id;
    default:
      return false;
  }
}

const person = (name: string | null, title: string | null) => (name ? `${name}(${title})` : null);

async function compiler(db: Db): Promise<string> {
  const office = await db
    .selectFrom("organisations")
    .select("name")
    .where("kind", "=", "platform_office")
    .where("active", "=", true)
    .orderBy("id")
    .executeTakeFirst();
  return office?.name ?? "市政务服务数据管理局";
}

async function catalogData(db: Db, c: DocumentCycle, at: Date): Promise<CatalogDocumentData> {
  const items = await catalogOf(db, c.id);
  const [texts, compiledBy] = await Promise.all([
    catalogTexts(
      db,
      items.map((i) => i.appealId),
    ),
    compiler(db),
  ]);
  return {
    cycleNumber: c.number,
    onsiteDate: formatDateZh(c.onsiteDate),
    leader: person(c.leaderName, c.leaderTitle),
    secretaryGeneral: person(c.sgName, c.sgTitle),
    compiledBy,
    printedOn: formatDateZhPlain(formatInstant(at).slice(0, 10)),
    sentNote: c.catalogSentAt ? `已于${formatInstantZh(c.catalogSentAt)}报送市政府办公室` : null,
    entries: items.map((i) => ({
      number: i.number,
      trackingNumber: i.trackingNumber,
      title: masked(i.title),
      enterpriseName: i.enterpriseName,
      regionName: i.regionName,
      categoryName: i.categoryName,
      leadName: i.leadName,
      summary: masked(i.summary),
      reply: masked(texts.get(i.appealId)?.reply ?? null),
      countyOpinion: masked(texts.get(i.appealId)?.countyOpinion ?? null),
      proposedOpinion: masked(i.proposedOpinion?.trim() || null),
    })),
  };
}

async function agendaData(db: Db, c: DocumentCycle): Promise<AgendaDocumentData> {
  const items = (await catalogOf(db, c.id)).filter((i) => i.selected);
  const orgIds = [...new Set(items.flatMap((i) => i.attendeeIds))];
  const [orgs, compiledBy, approval] = await Promise.all([
    orgIds.length
      ? db
          .selectFrom("organisations")
          .select(["id", "name", "kind", "region_code as regionCode"])
          .where("id", "in", orgIds)
          .execute()
      : Promise.resolve([]),
    compiler(db),
    db
      .selectFrom("agenda_reviews")
      .select(["version", "at"])
      .where("cycle_id", "=", c.id)
      .where("action", "=", "approved")
      .orderBy("id", "desc")
      .executeTakeFirst(),
  ]);
  // Departments before counties, each in the city's order, whatever order they were ticked in.
  const ordered = [...orgs].sort(
    (a, b) =>
      Number(a.kind === "county") - Number(b.kind === "county") ||
      (a.kind === "county" ? (a.regionCode ?? "").localeCompare(b.regionCode ?? "") : 0) ||
      a.id - b.id,
  );
  const slots = items
    .map((i) => ({
      start: minutesOf(i.slotStart) ?? Number.MAX_SAFE_INTEGER,
      slot: i.slotStart && i.slotEnd ? `${i.slotStart}—${i.slotEnd}` : "待定",
      number: i.number,
      title: masked(i.title),
      enterpriseName: i.enterpriseName,
      leadName: i.leadName,
      attendees: ordered.filter((o) => i.attendeeIds.includes(o.id)).map((o) => o.name),
      proposedOpinion: masked(i.proposedOpinion?.trim() || null),
    }))
    .sort((a, b) => a.start - b.start || a.number - b.number)
    .map(({ start: _start, ...slot }) => slot);
  return {
    cycleNumber: c.number,
    onsiteDate: formatDateZh(c.onsiteDate),
    place: c.place,
    leader: person(c.leaderName, c.leaderTitle),
    secretaryGeneral: person(c.sgName, c.sgTitle),
    compiledBy,
    approvalNote:
      c.status === "approved" && approval
        ? `第${approval.version}版,市领导于${formatInstantZh(approval.at)}审定`
        : null,
    slots,
  };
}

async function opinionsData(db: Db, c: DocumentCycle): Promise<OpinionsDocumentData> {
  const [{ issues }, issuer] = await Promise.all([onsiteRecordOf(db, c.id), compiler(db)]);
  return {
    cycleNumber: c.number,
    onsiteDate: formatDateZh(c.onsiteDate),
    leader: person(c.leaderName, c.leaderTitle),
    issuer,
    issuedOn: formatDateZhPlain(c.opinionsApprovedAt ? formatInstant(c.opinionsApprovedAt).slice(0, 10) : c.onsiteDate),
    commitmentsDue: formatInstantZh(c.commitmentsDueAt),
    approvalNote:
      c.opinionsStatus === "approved" && c.opinionsApprovedAt
        ? `市领导于${formatInstantZh(c.opinionsApprovedAt)}审定`
        : null,
    items: issues.map((i) => ({
      number: i.number,
      title: masked(i.title),
      enterpriseName: i.enterpriseName,
      summary: masked(i.summary),
      decision: masked(i.decision?.text ?? null),
      leadName: i.decision?.leadName ?? null,
      coNames: i.decision?.coNames ?? [],
      dueDate: i.decision ? formatDateZhPlain(i.decision.dueDate) : null,
    })),
  };
}

/**
 * The document, or null when the cycle does not exist, is not the reader's, or has nothing to print yet
 * (a catalog without items).
 */
export async function printCycleDocument(
  db: Db,
  input: { kind: DocumentKind; cycleNumber: number; user: Pick<SessionUser, "id" | "role">; now: Date },
): Promise<PrintedDocument | null> {
  const c = await agendaCycle(db, input.cycleNumber);
  if (!c || !mayPrint(input.user, input.kind, c)) return null;
  if (input.kind === "catalog") {
    const data = await catalogData(db, c, input.now);
    if (data.entries.length === 0) return null;
    return {
      bytes: await renderPdf("catalog", data),
      fileName: `第${c.number}期${DOCUMENT_LABEL.catalog}.pdf`,
      asciiName: `catalog-${c.number}.pdf`,
    };
  }
  if (input.kind === "opinions")
    return {
      bytes: await renderPdf("opinions", await opinionsData(db, c)),
      fileName: `第${c.number}期${DOCUMENT_LABEL.opinions}.pdf`,
      asciiName: `opinions-${c.number}.pdf`,
    };
  return {
    bytes: await renderPdf("agenda", await agendaData(db, c)),
    fileName: `第${c.number}期${DOCUMENT_LABEL.agenda}.pdf`,
    asciiName: `agenda-${c.number}.pdf`,
  };
}
