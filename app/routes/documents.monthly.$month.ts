import type { LoaderFunctionArgs } from "@remix-run/node";
import { monthlyReportData } from "~/services/monthly-report.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { pdfResponse, renderPdf } from "~/utils/pdf.server";
import { plainMonth } from "~/utils/params";
import { invariantResponse } from "~/utils/http.server";

/** GET /documents/monthly/YYYY-MM — the month's work report (工作月报) as PDF. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["platform_admin", "supervisor", "government_office", "leader"]);
  const month = plainMonth(params.month);
  invariantResponse(month, "月份应写作 2026-11。", 404);
  const data = await monthlyReportData(getDb(), month, now());
  const bytes = await renderPdf("monthly-report", data);
  return pdfResponse(bytes, `“直通车”工作月报(${data.month}).pdf`, `monthly-${month}.pdf`);
}
