/**
 * The transaction helpers of every use case: a step that cannot go ahead throws a Refusal inside its
 * transaction, so that nothing it wrote stays, and the person sees its message (and the field it is about).
 */
import type { Kysely } from "kysely";
import type { Actor } from "~/domain/transitions";
import type { Db } from "~/models/audit.server";
import { roleOfUser } from "~/models/user.server";
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

/**
 * Who takes a transition, for its table's check: the person's role (an unknown or disabled account is
 * refused), or the platform itself for a scheduled job (no person).
 */
export async function actorOf(trx: Db, actorId: number | null): Promise<Actor> {
  if (actorId === null) return "system";
  const role = await roleOfUser(trx, actorId);
  if (!role) throw new Refusal("您没有进行这项操作的权限,本次操作未执行。");
  return role;
}
