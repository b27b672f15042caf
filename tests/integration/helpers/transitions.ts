/** Shared by the transition-table tests: a person of every role, a fresh appeal, and the refusal check. */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { expect } from "vitest";
import type { Database } from "../../../db/schema";
import { sampleRegistry } from "../../../db/seed/registry-sample";
import { ROLES, type Role } from "~/domain/roles";
import { appealSchema } from "~/schemas/appeal";
import { submitAppeal } from "~/services/appeals.server";
import { Refusal } from "~/services/refusal.server";
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
  const enterprise = sampleRegistry()[0];
  const categoryId = (await db.selectFrom("appeal_categories").select("id").executeTakeFirstOrThrow()).id;
  const r = await submitAppeal(
    db,
    appealSchema.parse({
      creditCode: enterprise.credit_code,
      enterpriseName: enterprise.name,
      contactName: "陈先生",
      contactPhone: "13800001111",
      title: "厂房扩建用地审批进度咨询",
      content: "我司厂房扩建项目用地审批已提交三个月,至今未有答复,请协调加快办理。",
      categoryId,
      publishName: false,
    }),
    [],
    {
      channel: "online",
      submissionKey: `form:test:${randomUUID()}`,
      registeredBy: null,
      enterpriseOrganisationId: null,
      now,
    },
  );
  if (!r.ok) throw new Error(r.error);
  return r.appealId;
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
