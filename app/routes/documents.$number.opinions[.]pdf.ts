import type { LoaderFunctionArgs } from "@remix-run/node";
import { DOCUMENT_ROLES, printCycleDocument } from "~/services/documents.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { pdfResponse } from "~/utils/pdf.server";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

const NOT_FOUND = "没有找到该期的处理意见,或您无权打印。";

/**
 * GET /documents/N/opinions.pdf — 第N期企业请求协调解决事项处理意见 (SPEC §5): for the office and the cycle's
 * leader and secretary-general at any time, the government office and the supervision office once approved.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, DOCUMENT_ROLES);
  const doc = await printCycleDocument(getDb(), {
    kind: "opinions",
    cycleNumber: intParam(params.number, { message: NOT_FOUND }),
    user,
    now: now(),
  });
  invariantResponse(doc, NOT_FOUND, 404);
  return pdfResponse(doc.bytes, doc.fileName, doc.asciiName);
}
