/** Shared by the transition-table tests: a person of every role, a fresh appeal, and the refusal check. */
import type { Kysely } from "kysely";
import { expect } from "vitest";
import type { Database } from "../../../db/schema";
import { ROLES, type Role } from "~/domain/roles";
import { Refusal } from "~/services/refusal.server";
import { submitTestAppeal } from "./appeals";
import { makeUser } from "./factories";

/** One active person of each role (in any organisation: the tables check roles, the services ownership). */
export async function personOfEveryRole(db: Kysely<Database>): Promise<Map<Role, number>> {
  const anyOrg = (await db.selectFrom("organisations").select("id").executeTakeFirstOrThrow()).id;
  const people = new Map<Role, number>();
  for (const role of ROLES) people.set(role, (await makeUser(db, role, anyOrg)).id);
  return people;
}

/** A fresh appeal as an enterprise books it (status screening). */
export async function bookedAppeal(db: Kysely<Database>, now: Date): Promise<number> {
  const categoryId = (await db.selectFrom("appeal_categories").select("id").executeTakeFirstOrThrow()).id;
  return (await submitTestAppeal(db, { categoryId }, { now })).appealId;
}

/** The step is refused with a Chinese message and `snapshot` reads the same before and after. */
export async function expectRefusedUnchanged(step: () => Promise<unknown>, snapshot: () => Promise<unknown>) {
  const before = await snapshot();
  const err = await step().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Refusal);
  expect((err as Refusal).message).toMatch(/[\u4e00-\u9fff].*本次操作未执行|^没有找到/);
  expect(await snapshot()).toEqual(before);
}
