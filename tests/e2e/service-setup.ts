/**
 * What a spec sets up with the app's own services on the run's database, where the pages are not the subject:
 * the connection, people and organisations by name, registry enterprises of the city, and appeals booked and
 * screened. Each step that the app refuses fails the test with the app's message. No Playwright here: the
 * reliability tests (vitest) use these too, through after-meeting-fixture.ts.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { AppealChannel } from "../../app/domain/appeal";
import { submitAppeal } from "../../app/services/appeals.server";
import { screenAppeal } from "../../app/services/screening.server";

export const ok = (r: { ok: true } | { ok: false; error: string }) => {
  if (!r.ok) throw new Error(r.error);
};

export async function userIdOf(db: Kysely<Database>, username: string): Promise<number> {
  return (await db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirstOrThrow()).id;
}

/** The user as the services' actor: id and organisation. */
export async function actorOf(db: Kysely<Database>, username: string): Promise<{ id: number; organisationId: number }> {
  const u = await db
    .selectFrom("users")
    .select(["id", "organisation_id"])
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  return { id: u.id, organisationId: u.organisation_id };
}

export async function organisationIdOf(db: Kysely<Database>, name: string): Promise<number> {
  return (await db.selectFrom("organisations").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
}

/** A cycle by its month ("2026-09"), with when its booking window opens. */
export async function cycleOfMonth(db: Kysely<Database>, month: string) {
  return db
    .selectFrom("cycles")
    .select(["id", "number", "booking_opens_at as opensAt"])
    .where("month", "=", month)
    .executeTakeFirstOrThrow();
}

/**
 * The cycle whose booking window is the `skip`+1-th to open after `at` (specs take different ones so that
 * they never share an agenda).
 */
export async function cycleOpeningAfter(db: Kysely<Database>, at: Date, skip = 0) {
  return db
    .selectFrom("cycles")
    .select(["id", "number", "booking_opens_at as opensAt", "onsite_date as onsiteDate"])
    .where("booking_opens_at", ">", at)
    .orderBy("booking_opens_at")
    .offset(skip)
    .limit(1)
    .executeTakeFirstOrThrow();
}

/** The demo enterprise (the `enterprise` account's organisation) as its registry entry names it. */
export async function demoEnterprise(db: Kysely<Database>) {
  return db
    .selectFrom("organisations")
    .innerJoin("enterprises", "enterprises.id", "organisations.enterprise_id")
    .select(["enterprises.credit_code", "enterprises.name"])
    .where("organisations.kind", "=", "enterprise")
    .executeTakeFirstOrThrow();
}

/**
 * `count` registry enterprises of the city (of a region with a county), from the `offset`-th by id: specs
 * take different offsets so that their appeals do not meet.
 */
export async function cityEnterprises(db: Kysely<Database>, offset: number, count: number) {
  return db
    .selectFrom("enterprises as e")
    .innerJoin("organisations as o", (j) => j.onRef("o.region_code", "=", "e.region_code").on("o.kind", "=", "county"))
    .select(["e.credit_code", "e.name"])
    .orderBy("e.id")
    .offset(offset)
    .limit(count)
    .execute();
}

export interface Booking {
  enterprise: { credit_code: string; name: string };
  title: string;
  content: string;
  /** The category's name; the first of the list when not given. */
  category?: string;
  contactName: string;
  contactPhone: string;
  contactEmail?: string;
  publishName?: boolean;
}

/** Books the appeal as received at `at`: online by default, or by the hotline (registered by `hotline`). */
export async function bookAppeal(
  db: Kysely<Database>,
  b: Booking,
  ctx: { at: Date; channel?: AppealChannel; enterpriseOrganisationId?: number | null },
) {
  const category = await (
    b.category
      ? db.selectFrom("appeal_categories").select("id").where("name", "=", b.category)
      : db.selectFrom("appeal_categories").select("id").orderBy("position")
  ).executeTakeFirstOrThrow();
  const channel = ctx.channel ?? "online";
  const r = await submitAppeal(
    db,
    {
      creditCode: b.enterprise.credit_code,
      enterpriseName: b.enterprise.name,
      title: b.title,
      contactName: b.contactName,
      contactPhone: b.contactPhone,
      ...(b.contactEmail ? { contactEmail: b.contactEmail } : {}),
      content: b.content,
      categoryId: category.id,
      publishName: b.publishName ?? false,
    },
    [],
    {
      channel,
      submissionKey: `e2e:${randomUUID()}`,
      registeredBy: channel === "hotline" ? await userIdOf(db, "hotline") : null,
      enterpriseOrganisationId: ctx.enterpriseOrganisationId ?? null,
      now: ctx.at,
    },
  );
  if (!r.ok) throw new Error(r.error);
  return r;
}

/** What 王先生 tells the hotline for the demo enterprise (or `enterprise`): a technical-upgrade grant held up. */
export const GRANT_CONTENT = "我司技术改造项目已完成设备采购,申请技改补助资金至今未有答复,请协调有关部门加快审核。";

/** The hotline registers 王先生's grant appeal, received at `at`, for the demo enterprise unless told another. */
export async function hotlineGrantAppeal(
  db: Kysely<Database>,
  title: string,
  at: Date,
  enterprise?: { credit_code: string; name: string },
) {
  return bookAppeal(
    db,
    {
      enterprise: enterprise ?? (await demoEnterprise(db)),
      title,
      content: GRANT_CONTENT,
      category: "工业发展与技术改造",
      contactName: "王先生",
      contactPhone: "13900001234",
    },
    { at, channel: "hotline" },
  );
}

/**
 * The office screens the appeal at `at`, naming the organisations: to a lead department (and co-departments),
 * or to a county (the one the registry gives when not named).
 */
export async function screenAs(
  db: Kysely<Database>,
  appealId: number,
  decision: { lead: string; co?: string[] } | { county?: string },
  at: Date,
): Promise<void> {
  const resolved =
    "lead" in decision
      ? {
          kind: "city" as const,
          leadId: await organisationIdOf(db, decision.lead),
          coIds: await Promise.all((decision.co ?? []).map((n) => organisationIdOf(db, n))),
        }
      : {
          kind: "county" as const,
          ...(decision.county ? { countyId: await organisationIdOf(db, decision.county) } : {}),
        };
  ok(await screenAppeal(db, appealId, resolved, { actorId: await userIdOf(db, "office"), now: at }));
}
