/** The booking form as a browser posts it, and row counts, for the reliability tests that post to the app. */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export const ROAD_CONTENT = "我司新建厂房配套道路和供电线路尚未接入,无法按期投产,请协调有关部门加快办理。";

/** The booking form's fields (a road-works appeal, a fresh submission key) with `fields` over them, and files. */
export function appealForm(fields: Record<string, string> = {}, files: [string, Uint8Array][] = []): FormData {
  const form = new FormData();
  const values = {
    contactName: "陈经理",
    contactPhone: "13900003333",
    title: "厂区道路施工协调诉求",
    content: ROAD_CONTENT,
    categoryId: "1",
    submissionKey: randomUUID(),
    ...fields,
  };
  for (const [k, v] of Object.entries(values)) form.append(k, v);
  for (const [name, bytes] of files) form.append("attachments", new Blob([new Uint8Array(bytes)]), name);
  return form;
}

/** How many rows the table holds. */
export async function rowCount(
  db: Kysely<Database>,
  table: "appeals" | "appeal_attachments" | "appeal_replies" | "registry_imports",
): Promise<number> {
  return Number(
    (
      await db
        .selectFrom(table)
        .select((e) => e.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
}
