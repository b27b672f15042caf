import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { ledgerCycleParam, ledgerEntries, type LedgerEntry } from "~/services/ledger.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

const COLUMNS: { header: string; key: keyof LedgerEntry; width: number }[] = [
  { header: "期次", key: "cycle", width: 8 },
  { header: "受理编号", key: "trackingNumber", width: 20 },
  { header: "企业", key: "enterpriseName", width: 30 },
  { header: "诉求", key: "title", width: 30 },
  { header: "牵头部门", key: "organisationName", width: 20 },
  { header: "市领导处理意见", key: "decision", width: 40 },
  { header: "办理时限", key: "dueDate", width: 14 },
  { header: "责任领导", key: "responsibleLeader", width: 12 },
  { header: "责任人", key: "responsiblePerson", width: 12 },
  { header: "承诺完成时限", key: "committedDeadline", width: 14 },
  { header: "工作措施", key: "measures", width: 40 },
  { header: "承诺公布", key: "committed", width: 22 },
  { header: "状态", key: "state", width: 16 },
  { header: "办结时间", key: "completed", width: 22 },
  { header: "办理结果", key: "result", width: 40 },
  { header: "企业评价", key: "rating", width: 18 },
  { header: "最终处理意见", key: "finalDecision", width: 40 },
];

/** GET /supervision/ledger.xlsx[?cycle=ID] — the ledger (台账), for the supervision office and the platform office. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["supervisor", "platform_admin"]);
  const entries = await ledgerEntries(getDb(), ledgerCycleParam(request));
  const book = new ExcelJS.Workbook();
  book.creator = "直通车平台";
  const sheet = book.addWorksheet("交办任务台账", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = COLUMNS;
  sheet.getRow(1).font = { bold: true };
  for (const e of entries) sheet.addRow(e);
  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent("交办任务台账.xlsx")}`,
      "Cache-Control": "private, no-store",
    },
  });
}
