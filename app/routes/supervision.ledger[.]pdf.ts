import type { LoaderFunctionArgs } from "@remix-run/node";
import { formatDateZhPlain, formatInstant } from "~/domain/calendar";
import { ledgerCycleParam, ledgerEntries, ledgerHeading } from "~/services/ledger.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { pdfResponse, renderPdf } from "~/utils/pdf.server";

/** GET /supervision/ledger.pdf[?cycle=ID] — the ledger (台账) printed on landscape A4. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["supervisor", "platform_admin"]);
  const db = getDb();
  const cycleId = ledgerCycleParam(request);
  const entries = await ledgerEntries(db, cycleId);
  const heading = await ledgerHeading(db, cycleId);
  const bytes = await renderPdf("ledger", {
    ...heading,
    printedOn: formatDateZhPlain(formatInstant(now()).slice(0, 10)),
    rows: entries.map((e) => ({
      ...e,
      commitment: e.responsibleLeader
        ? `责任领导${e.responsibleLeader},责任人${e.responsiblePerson},${e.committedDeadline}前完成。${e.measures}(${e.committed})`
        : e.committed,
      outcome: [e.result, e.rating, e.finalDecision].filter(Boolean).join(";") || "—",
    })),
  });
  return pdfResponse(bytes, "交办任务台账.pdf", "ledger.pdf");
}
