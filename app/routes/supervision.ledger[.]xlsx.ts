import type { LoaderFunctionArgs } from "@remix-run/node";
import ExcelJS from "exceljs";
import { formatInstantZh } from "~/domain/calendar";
import { RATING_LABEL, TASK_STATE_LABEL } from "~/domain/tasks";
import { ledgerRows } from "~/models/supervision.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";

/**
 * GET /supervision/ledger.xlsx[?cycle=ID] — the ledger (台账) of tasks with their commitments and outcomes,
 * for the supervision office and the platform office.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["supervisor", "platform_admin"]);
  const cycleParam = new URL(request.url).searchParams.get("cycle");
  const cycleId = cycleParam && /^\d{1,9}$/.test(cycleParam) ? Number(cycleParam) : undefined;
  const rows = await ledgerRows(getDb(), cycleId);
  const book = new ExcelJS.Workbook();
  book.creator = "直通车平台";
  const sheet = book.addWorksheet("交办任务台账", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: "期次", key: "cycle", width: 8 },
    { header: "受理编号", key: "tracking", width: 20 },
    { header: "企业", key: "enterprise", width: 30 },
    { header: "诉求", key: "title", width: 30 },
    { header: "牵头部门", key: "organisation", width: 20 },
    { header: "市领导处理意见", key: "decision", width: 40 },
    { header: "办理时限", key: "dueDate", width: 12 },
    { header: "责任领导", key: "leader", width: 12 },
    { header: "责任人", key: "person", width: 12 },
    { header: "承诺完成时限", key: "deadline", width: 14 },
    { header: "工作措施", key: "measures", width: 40 },
    { header: "承诺公布", key: "committed", width: 22 },
    { header: "状态", key: "state", width: 16 },
    { header: "办结时间", key: "completed", width: 22 },
    { header: "办理结果", key: "result", width: 40 },
    { header: "企业评价", key: "rating", width: 18 },
    { header: "最终处理意见", key: "final", width: 40 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const r of rows)
    sheet.addRow({
      cycle: `第${r.cycleNumber}期`,
      tracking: r.trackingNumber,
      enterprise: r.enterpriseName,
      title: r.title,
      organisation: r.organisationName,
      decision: r.decision,
      dueDate: r.dueDate,
      leader: r.responsibleLeader ?? "",
      person: r.responsiblePerson ?? "",
      deadline: r.committedDeadline ?? "",
      measures: r.measures ?? "",
      committed: r.committedAt ? `${formatInstantZh(r.committedAt)}${r.commitmentOnTime ? "" : "(逾期)"}` : "未公布",
      state: TASK_STATE_LABEL[r.state],
      completed: r.completedAt ? formatInstantZh(r.completedAt) : "",
      result: r.completionResult ?? "",
      rating: r.rating ? `${RATING_LABEL[r.rating]}${r.ratingReason ? `:${r.ratingReason}` : ""}` : "",
      final: r.finalDecision ?? "",
    });
  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  const name = "交办任务台账.xlsx";
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
