/**
 * The transaction helpers of every use case: a step that cannot go ahead throws a Refusal inside its
 * transaction, so that nothing it wrote stays, and the person sees its message (and the field it is about).
 */
import type { Kysely } from "kysely";
import type { Db } from "~/models/audit.server";
import type { Database } from "../../db/schema";

/** A step that cannot go ahead: thrown inside the transaction so that nothing it wrote stays. */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** What a refusable step answers: its message, or the refusal with the field it is about. */
export type StepResult = { ok: true; message: string } | { ok: false; error: string; field?: string };

/** Run a use case in one transaction; a Refusal rolls it back and becomes the answer, anything else is thrown. */
export async function refusableStep(db: Kysely<Database>, run: (trx: Db) => Promise<string>): Promise<StepResult> {
  try {
    return { ok: true, message: await db.transaction().execute(run) };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.message, field: e.field };
    throw e;
  }
}
