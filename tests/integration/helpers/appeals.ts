/** Booking and screening appeals in the integration tests: the form most tests fill in, refusals failing the test. */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { sampleRegistry } from "../../../db/seed/registry-sample";
import { appealSchema, type AppealInput } from "~/schemas/appeal";
import { submitAppeal, type IntakeContext } from "~/services/appeals.server";
import { screenAppeal } from "~/services/screening.server";

const xiangqiao = sampleRegistry()[0];

/** The appeal most tests book: the first sample enterprise (湘桥区) asking after its land approval. */
export const LAND_APPEAL = {
  creditCode: xiangqiao.credit_code,
  enterpriseName: xiangqiao.name,
  contactName: "陈先生",
  contactPhone: "13800001111",
  title: "厂房扩建用地审批进度咨询",
  content: "我司厂房扩建项目用地审批已提交三个月,至今未有答复,影响后续建设,请协调加快办理。",
  publishName: false,
} satisfies Partial<AppealInput>;

/** The form's enterprise fields for a registry entry. */
export function enterpriseOf(e: { credit_code: string; name: string }) {
  return { creditCode: e.credit_code, enterpriseName: e.name };
}

/**
 * Submits `fields` over {@link LAND_APPEAL} with no attachments, online and with a fresh submission key unless
 * `ctx` says otherwise; a refusal fails the test.
 */
export async function submitTestAppeal(
  db: Kysely<Database>,
  fields: Partial<AppealInput>,
  ctx: Partial<IntakeContext> & { now: Date },
) {
  const r = await submitAppeal(db, appealSchema.parse({ ...LAND_APPEAL, ...fields }), [], {
    channel: "online",
    submissionKey: `form:test:${randomUUID()}`,
    registeredBy: null,
    enterpriseOrganisationId: null,
    ...ctx,
  });
  if (!r.ok) throw new Error(r.error);
  return r;
}

/** Screens the appeal to the city (lead and co-departments); a refusal fails the test. */
export async function screenToCity(
  db: Kysely<Database>,
  appealId: number,
  leadId: number,
  coIds: number[],
  ctx: { actorId: number; now: Date },
): Promise<void> {
  const out = await screenAppeal(db, appealId, { kind: "city", leadId, coIds }, ctx);
  if (!out.ok) throw new Error(out.error);
}
