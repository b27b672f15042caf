import type { LoaderFunctionArgs } from "@remix-run/node";
import { REGISTRY_FIELD_LABEL, REGISTRY_FIELDS } from "~/domain/registry-row";
import { findRegistryImport, importRejects } from "~/models/registry.server";
import { requireArea } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { intParam } from "~/utils/params.server";
import { invariantResponse } from "~/utils/http.server";

const NOT_FOUND = "没有找到这次导入。";

/**
 * An import's report of problem rows as CSV, for Excel: UTF-8 with a BOM (without it Excel reads Chinese as
 * GBK), CRLF line ends. Each row: 行号, 原始内容, 原因, then the row's cells under the registry's own column
 * names, so the office can correct them and upload the report again (the first three columns are ignored
 * then). Streamed a page of rows at a time: a report may hold a million rows.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireArea(request, "office");
  const id = intParam(params.id, { message: NOT_FOUND });
  const db = getDb();
  const found = await findRegistryImport(db, id);
  invariantResponse(found, NOT_FOUND, 404);

  const header = ["行号", "原始内容", "原因", ...REGISTRY_FIELDS.map((f) => REGISTRY_FIELD_LABEL[f])];
  const encoder = new TextEncoder();
  const pages = importRejects(db, id);
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(header)}`));
        return;
      }
      const next = await pages.next();
      if (next.done) {
        controller.close();
        return;
      }
      const lines = next.value.map((r) => {
        const cells = cellsOf(r.raw);
        return csvLine([String(r.rowNumber), originalLine(cells), r.reason, ...cells]);
      });
      controller.enqueue(encoder.encode(lines.join("")));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });

  const filename = `法人库导入第${id}号-问题行.csv`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="registry-import-${id}-rejects.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}

/** The stored row: the cells of the standard columns, as JSON. */
function cellsOf(raw: string): string[] {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed)) return parsed.map((c) => String(c ?? ""));
  } catch {
    // not JSON: the text as it is, in the first column
  }
  return [raw];
}

/** The row's cells as one CSV line, empty cells at the end left off: what the office sees in its own file. */
function originalLine(cells: string[]): string {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === "") end--;
  return cells
    .slice(0, end)
    .map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c))
    .join(",");
}

function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

function csvCell(value: string): string {
  // A cell starting like a formula would run as one in Excel: an apostrophe keeps it text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
