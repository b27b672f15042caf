/**
 * Idempotent seeding: every insert leaves existing rows alone, so running it again (or at every start)
 * neither duplicates nor overwrites what the platform office has changed since.
 */
import type { Kysely } from "kysely";
import { formatInstant, localDateOf } from "../../app/domain/calendar";
import { officialDays, officialYears, OFFICIAL_SOURCE } from "../../app/utils/official-calendar";
import { hashPassword } from "../../app/utils/password.server";
import { assignPeople, generateYear } from "../../app/services/cycles.server";
import { addMonths } from "../../app/domain/cycle-schedule";
import { getCycleByMonth } from "../../app/models/cycle.server";
import type { Database, OrganisationKind } from "../schema";
import {
  CATEGORIES,
  COUNTIES,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  DEPARTMENTS,
  LEADERS,
  OTHER_ORGANISATIONS,
  SECRETARIES_GENERAL,
} from "./demo-city";
import { DEMO_ENTERPRISE_INDEX, sampleRegistry } from "./registry-sample";

export async function seedCalendar(db: Kysely<Database>): Promise<void> {
  const days = officialDays();
  for (let i = 0; i < days.length; i += 500) {
    await db
      .insertInto("calendar_days")
      .values(
        days.slice(i, i + 500).map((d) => ({ date: d.date, kind: d.kind, name: d.name, source: OFFICIAL_SOURCE })),
      )
      .onConflict((oc) => oc.column("date").doNothing())
      .execute();
  }
  await db
    .insertInto("calendar_years")
    .values(officialYears().map((year) => ({ year, confirmed: true, source: OFFICIAL_SOURCE })))
    .onConflict((oc) => oc.column("year").doNothing())
    .execute();
}

async function upsertOrganisation(
  db: Kysely<Database>,
  o: {
    kind: OrganisationKind;
    name: string;
    short: string;
    region?: string;
    contact: string;
    phone: string;
    email: string | null;
    enterpriseId?: number;
  },
): Promise<number> {
  await db
    .insertInto("organisations")
    .values({
      kind: o.kind,
      name: o.name,
      short_name: o.short,
      region_code: o.region ?? null,
      contact_name: o.contact,
      contact_phone: o.phone,
      contact_email: o.email,
      enterprise_id: o.enterpriseId ?? null,
    })
    .onConflict((oc) => oc.columns(["kind", "name"]).doNothing())
    .execute();
  const row = await db
    .selectFrom("organisations")
    .select("id")
    .where("kind", "=", o.kind)
    .where("name", "=", o.name)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Surnames of the fictional heads of departments and counties. */
const HEAD_SURNAMES = [
  "王",
  "李",
  "张",
  "刘",
  "陈",
  "杨",
  "黄",
  "赵",
  "吴",
  "周",
  "徐",
  "孙",
  "马",
  "朱",
  "胡",
  "郭",
  "何",
  "高",
  "林",
  "罗",
];

function headTitle(organisation: string): string {
  if (organisation.endsWith("管理委员会")) return "主任";
  if (organisation.endsWith("县人民政府")) return "县长";
  if (organisation.endsWith("区人民政府")) return "区长";
  return "局长";
}

export async function seedDemoCity(
  db: Kysely<Database>,
  opts: { now: Date; firstCycleMonth: string; years: number[] },
) {
  await seedCalendar(db);

  const registry = sampleRegistry();
  for (let i = 0; i < registry.length; i += 200) {
    await db
      .insertInto("enterprises")
      .values(registry.slice(i, i + 200))
      .onConflict((oc) => oc.column("credit_code").doNothing())
      .execute();
  }

  const orgIds = new Map<string, number>();
  for (const c of COUNTIES) {
    orgIds.set(
      c.name,
      await upsertOrganisation(db, {
        kind: "county",
        name: c.name,
        short: c.short,
        region: c.region,
        contact: c.contact,
        phone: c.phone,
        email: `county-${c.region}@chaozhou.example`,
      }),
    );
  }
  for (const [i, [name, short, contact]] of DEPARTMENTS.entries()) {
    // Mobiles (SMS notices reach them) and an address each.
    const phone = `1376822${String(3001 + i).padStart(4, "0")}`;
    const email = `dept${String(i + 1).padStart(2, "0")}@chaozhou.example`;
    orgIds.set(name, await upsertOrganisation(db, { kind: "department", name, short, contact, phone, email }));
  }
  for (const [i, o] of OTHER_ORGANISATIONS.entries())
    orgIds.set(
      o.name,
      await upsertOrganisation(db, {
        ...o,
        phone: `1376828${String(8001 + i).padStart(4, "0")}`,
        email: `${o.kind.replace(/_/g, "-")}@chaozhou.example`,
      }),
    );
  // Each department's and county's head (负责人), whom red urging notices reach: filled where missing only.
  for (const [i, name] of [...DEPARTMENTS.map((d) => d[0]), ...COUNTIES.map((c) => c.name)].entries()) {
    await db
      .updateTable("organisations")
      .set({
        head_name: `${HEAD_SURNAMES[i % HEAD_SURNAMES.length]}${headTitle(name)}`,
        head_phone: `139${String(68000000 + i).padStart(8, "0")}`,
        head_email: `head${i + 1}@chaozhou.example`,
      })
      .where("name", "=", name)
      .where("head_name", "is", null)
      .execute();
  }

  const demoEnterprise = registry[DEMO_ENTERPRISE_INDEX];
  const enterpriseRow = await db
    .selectFrom("enterprises")
    .select("id")
    .where("credit_code", "=", demoEnterprise.credit_code)
    .executeTakeFirstOrThrow();
  orgIds.set(
    "(demo enterprise)",
    await upsertOrganisation(db, {
      kind: "enterprise",
      name: demoEnterprise.name,
      short: "演示企业",
      contact: "陈先生",
      phone: "13800000000",
      email: null,
      enterpriseId: enterpriseRow.id,
    }),
  );

  const existing = new Set((await db.selectFrom("users").select("username").execute()).map((u) => u.username));
  const missing = DEMO_ACCOUNTS.filter((a) => !existing.has(a.username));
  const userIds = new Map<string, number>();
  for (const a of missing) {
    await db
      .insertInto("users")
      .values({
        username: a.username,
        password_hash: await hashPassword(DEMO_PASSWORD),
        display_name: a.displayName,
        role: a.role,
        organisation_id: orgIds.get(a.organisation)!,
      })
      .onConflict((oc) => oc.column("username").doNothing())
      .execute();
  }
  for (const u of await db.selectFrom("users").select(["id", "username"]).execute()) userIds.set(u.username, u.id);

  const roster = [
    ...LEADERS.map((l, i) => ({
      kind: "leader" as const,
      ...l,
      position: i + 1,
      user_id: i === 0 ? (userIds.get("leader") ?? null) : null,
    })),
    ...SECRETARIES_GENERAL.map((s, i) => ({
      kind: "secretary_general" as const,
      ...s,
      position: i + 1,
      user_id: i === 0 ? (userIds.get("secretary") ?? null) : null,
    })),
  ];
  await db
    .insertInto("roster_members")
    .values(roster)
    .onConflict((oc) => oc.columns(["kind", "name"]).doNothing())
    .execute();

  for (const [i, c] of CATEGORIES.entries()) {
    await db
      .insertInto("appeal_categories")
      .values({
        name: c.name,
        position: i + 1,
        suggested_department_id: c.department ? (orgIds.get(c.department) ?? null) : null,
      })
      .onConflict((oc) => oc.column("name").doNothing())
      .execute();
  }

  const firstGeneration = !(await db.selectFrom("cycles").select("id").limit(1).executeTakeFirst());
  let cycles = 0;
  for (const year of opts.years)
    cycles += await generateYear(db, { year, firstCycleMonth: opts.firstCycleMonth, actorId: null, now: opts.now });
  if (firstGeneration && cycles > 0) await putDemoPeopleOnCurrentCycles(db, opts.now, userIds);
  return { enterprises: registry.length, accounts: missing.length, cycles, at: formatInstant(opts.now) };
}

/**
 * The demo's `leader` and `secretary` accounts are the first of their rosters, whom the rota puts on one
 * cycle in six. So that the README's accounts can do their part at once, the office (as the demo's first
 * step) names them for the cycle of the current month and the next, as it may for any cycle; only when the
 * database had no cycles before (a later year's generation, or a change by the office, is left alone).
 */
async function putDemoPeopleOnCurrentCycles(db: Kysely<Database>, now: Date, userIds: Map<string, number>) {
  const [leader, secretary, office] = ["leader", "secretary", "office"].map((u) => userIds.get(u));
  if (!leader || !secretary || !office) return;
  const member = (userId: number) =>
    db.selectFrom("roster_members").select("id").where("user_id", "=", userId).executeTakeFirst();
  const [leaderMember, secretaryMember] = [await member(leader), await member(secretary)];
  if (!leaderMember || !secretaryMember) return;
  const month = localDateOf(now).slice(0, 7);
  for (const m of [month, addMonths(month, 1)]) {
    const cycle = await getCycleByMonth(db, m);
    if (!cycle || (cycle.leaderId === leaderMember.id && cycle.secretaryGeneralId === secretaryMember.id)) continue;
    const done = await assignPeople(db, {
      cycleId: cycle.id,
      leaderId: leaderMember.id,
      secretaryGeneralId: secretaryMember.id,
      actorId: office,
      now,
    });
    if (!done.ok) throw new Error(`demo rota for ${m}: ${done.error}`);
  }
}
