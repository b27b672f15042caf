import type { LoaderFunctionArgs } from "@remix-run/node";
import { DOCUMENT_ROLES, printCycleDocument } from "~/services/documents.server";
import { requireRole } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { pdfResponse } from "~/utils/pdf.server";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

const NOT_FOUND = "没有找到该期的企业问题目录,或您无权打印。";

/** GET /documents/N/catalog.pdf — 第N期企业问题目录 (SPEC §5), for the office, the government office once sent, and the cycle's leader and secretary-general. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, DOCUMENT_ROLES);
  const doc = await printCycleDocument(getDb(), {
    kind: "catalog",
    cycleNumber: intParam(params.number, { message: NOT_FOUND }),
    user,
    now: now(),
  });
  invariantResponse(doc, NOT_FOUND, 404);
  return pdfResponse(doc.bytes, doc.fileName, doc.asciiName);
}
