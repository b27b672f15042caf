/**
 * The platform office's account and organisation use cases. Each is one transaction: load, check, write,
 * append the audit record. Password hashes never reach an audit record or a caller.
 */
import type { Kysely } from "kysely";
import { formatInstantZh } from "~/domain/calendar";
import { auditActionLabel } from "~/domain/labels";
import {
  ORGANISATION_KINDS,
  ORGANISATION_KIND_LABEL,
  ROLE_LABEL,
  ROLE_ORGANISATION_KIND,
  roleFitsOrganisation,
  type OrganisationKind,
  type Role,
} from "~/domain/roles";
import { appendAudit, auditHistory, type Db } from "~/models/audit.server";
import {
  findOrganisationBrief,
  findOrganisationByKindAndName,
  findRegistryEnterprise,
  insertOrganisation,
  organisationOptions,
  lockOrganisationForChange,
  updateOrganisationRow,
  type OrganisationValues,
} from "~/models/organisation.server";
import { getSessionUser, insertUser, lockUserForChange, updateUserRow, usernameTaken } from "~/models/user.server";
import type {
  CreateOrganisationInput,
  CreateUserInput,
  UpdateOrganisationInput,
  UpdateUserInput,
} from "~/schemas/accounts";
import { hashPassword } from "~/utils/password.server";
import { passwordProblem } from "~/utils/password-policy.server";
import { recordSecurityEvent } from "~/models/security-event.server";
import { endSessionsOfOrganisation, endSessionsOfUser } from "./sessions.server";
import type { Database } from "../../db/schema";

export type FieldErrors = Record<string, string[]>;

export type Failure = { ok: false; status: 400 | 404; fieldErrors: FieldErrors; formErrors: string[] };
export type Outcome<T extends object = object> = ({ ok: true } & T) | Failure;

function invalid(fieldErrors: FieldErrors, formErrors: string[] = []): Failure {
  return { ok: false, status: 400, fieldErrors, formErrors };
}

function notFound(message: string): Failure {
  return { ok: false, status: 404, fieldErrors: {}, formErrors: [message] };
}

/** A unique constraint of PostgreSQL refused the write (a double submit or a race the checks did not see). */
function violates(e: unknown, constraint: string): boolean {
  const err = e as { code?: string; constraint?: string } | null;
  return err?.code === "23505" && err.constraint === constraint;
}

const USERNAME_TAKEN = (username: string) => `用户名“${username}”已被使用,请换一个`;
const ORGANISATION_NAME_TAKEN = (kind: OrganisationKind) => `已有同名的“${ORGANISATION_KIND_LABEL[kind]}”机构`;

function roleMismatch(role: Role, org: { name: string; kind: OrganisationKind }): string {
  return `“${ROLE_LABEL[role]}”须属于“${ORGANISATION_KIND_LABEL[ROLE_ORGANISATION_KIND[role]]}”类机构,所选“${org.name}”是“${ORGANISATION_KIND_LABEL[org.kind]}”`;
}

/** The organisation a person of `role` is to belong to: it must exist, be active and be of the role's kind. */
async function checkOrganisationFor(
  db: Db,
  organisationId: number,
  role: Role,
): Promise<{ error?: string; name?: string }> {
  const org = await findOrganisationBrief(db, organisationId);
  if (!org) return { error: "所选机构不存在" };
  if (!org.active) return { error: `“${org.name}”已停用,不能再加入账号` };
  if (!roleFitsOrganisation(role, org.kind)) return { error: roleMismatch(role, org) };
  return { name: org.name };
}

/** Only what changed, as { from, to }, in the record's own field names. */
function diff<T extends Record<string, unknown>>(before: T, after: T) {
  const from: Partial<T> = {};
  const to: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (before[key] !== after[key]) {
      from[key] = before[key];
      to[key] = after[key];
    }
  }
  return { changed: Object.keys(to).length > 0, from, to };
}

// ——— accounts ———

export async function createUser(
  db: Kysely<Database>,
  input: { values: CreateUserInput; actorId: number; now: Date },
): Promise<Outcome<{ userId: number }>> {
  const v = input.values;
  const weak = passwordProblem(v.password, [v.username, v.displayName, v.phone, v.email?.split("@")[0]]);
  if (weak) return invalid({ password: [weak] });
  // scrypt is slow on purpose: hash before the transaction opens, not while it holds a connection.
  const passwordHash = await hashPassword(v.password);
  try {
    return await db.transaction().execute(async (trx): Promise<Outcome<{ userId: number }>> => {
      const errors: FieldErrors = {};
      const org = await checkOrganisationFor(trx, v.organisationId, v.role);
      if (org.error) errors.organisationId = [org.error];
      if (await usernameTaken(trx, v.username)) errors.username = [USERNAME_TAKEN(v.username)];
      if (Object.keys(errors).length) return invalid(errors);

      const record = {
        username: v.username,
        displayName: v.displayName,
        role: v.role,
        organisationId: v.organisationId,
        organisationName: org.name ?? null,
        phone: v.phone ?? null,
        email: v.email ?? null,
      };
      const { id } = await insertUser(trx, {
        username: v.username,
        password_hash: passwordHash,
        display_name: v.displayName,
        role: v.role,
        organisation_id: v.organisationId,
        phone: record.phone,
        email: record.email,
        now: input.now,
      });
      await appendAudit(trx, {
        entity: "user",
        entityId: id,
        action: "created",
        actorId: input.actorId,
        at: input.now,
        to: record,
      });
      return { ok: true, userId: id };
    });
  } catch (e) {
    if (violates(e, "users_username_key")) return invalid({ username: [USERNAME_TAKEN(v.username)] });
    throw e;
  }
}

export async function updateUser(
  db: Kysely<Database>,
  input: { userId: number; values: UpdateUserInput; actorId: number; now: Date },
): Promise<Outcome<{ changed: boolean }>> {
  const v = input.values;
  return db.transaction().execute(async (trx): Promise<Outcome<{ changed: boolean }>> => {
    const user = await lockUserForChange(trx, input.userId);
    if (!user) return notFound("账号不存在");
    const errors: FieldErrors = {};
    if (input.userId === input.actorId && v.role !== user.role) {
      errors.role = ["不能修改自己的角色,以免失去平台管理权限;请由其他平台管理员操作"];
    }
    let organisationName: string | undefined;
    if (v.organisationId !== user.organisation_id || v.role !== user.role) {
      const org = await checkOrganisationFor(trx, v.organisationId, v.role);
      if (org.error) errors.organisationId = [org.error];
      organisationName = org.name;
    }
    if (Object.keys(errors).length) return invalid(errors);

    const before = {
      displayName: user.display_name,
      role: user.role,
      organisationId: user.organisation_id,
      phone: user.phone,
      email: user.email,
    };
    const after = {
      displayName: v.displayName,
      role: v.role,
      organisationId: v.organisationId,
      phone: v.phone ?? null,
      email: v.email ?? null,
    };
    const change = diff(before, after);
    if (!change.changed) return { ok: true, changed: false };

    const from: Record<string, unknown> = { ...change.from };
    const to: Record<string, unknown> = { ...change.to };
    if ("organisationId" in change.to) {
      from.organisationName = (await findOrganisationBrief(trx, user.organisation_id))?.name ?? null;
      to.organisationName = organisationName ?? null;
    }
    await updateUserRow(
      trx,
      user.id,
      {
        display_name: after.displayName,
        role: after.role,
        organisation_id: after.organisationId,
        phone: after.phone,
        email: after.email,
      },
      input.now,
    );
    // What the person may see changed: every open session ends, and the next sign-in gets the new rights.
    if ("role" in change.to || "organisationId" in change.to) {
      await endSessionsOfUser(trx, { userId: user.id, reason: "role_changed", actorId: input.actorId, at: input.now });
    }
    await appendAudit(trx, {
      entity: "user",
      entityId: user.id,
      action: "updated",
      actorId: input.actorId,
      at: input.now,
      from,
      to,
    });
    return { ok: true, changed: true };
  });
}

/** Enable or disable an account. A disabled account cannot sign in, and its open sessions end at the next request. */
export async function setUserActive(
  db: Kysely<Database>,
  input: { userId: number; active: boolean; reason?: string; actorId: number; now: Date },
): Promise<Outcome<{ changed: boolean }>> {
  return db.transaction().execute(async (trx): Promise<Outcome<{ changed: boolean }>> => {
    const user = await lockUserForChange(trx, input.userId);
    if (!user) return notFound("账号不存在");
    if (!input.active && input.userId === input.actorId) return invalid({}, ["不能停用自己的账号"]);
    // A repeated click finds the account already in the wanted state: nothing to do, nothing to record.
    if (user.active === input.active) return { ok: true, changed: false };
    await updateUserRow(trx, user.id, { active: input.active }, input.now);
    if (!input.active) {
      await endSessionsOfUser(trx, { userId: user.id, reason: "disabled", actorId: input.actorId, at: input.now });
    }
    await appendAudit(trx, {
      entity: "user",
      entityId: user.id,
      action: input.active ? "enabled" : "disabled",
      actorId: input.actorId,
      at: input.now,
      from: { active: user.active },
      to: { active: input.active },
      reason: input.reason ?? null,
    });
    return { ok: true, changed: true };
  });
}

export async function resetUserPassword(
  db: Kysely<Database>,
  input: { userId: number; password: string; actorId: number; now: Date },
): Promise<Outcome> {
  const person = await db
    .selectFrom("users")
    .select(["username", "display_name", "phone", "email"])
    .where("id", "=", input.userId)
    .executeTakeFirst();
  if (!person) return notFound("账号不存在");
  const weak = passwordProblem(input.password, [
    person.username,
    person.display_name,
    person.phone,
    person.email?.split("@")[0],
  ]);
  if (weak) return invalid({ password: [weak] });
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx): Promise<Outcome> => {
    const user = await lockUserForChange(trx, input.userId);
    if (!user) return notFound("账号不存在");
    // The person chooses a new password of their own at the next sign-in; every open session ends now.
    await updateUserRow(
      trx,
      user.id,
      { password_hash: passwordHash, must_change_password: true, password_changed_at: input.now },
      input.now,
    );
    await endSessionsOfUser(trx, { userId: user.id, reason: "password_reset", actorId: input.actorId, at: input.now });
    await recordSecurityEvent(trx, {
      kind: "password_reset",
      at: input.now,
      userId: user.id,
      username: user.username,
      actorId: input.actorId,
    });
    // The record says that the password was reset and by whom; neither password nor hash is kept in it.
    await appendAudit(trx, {
      entity: "user",
      entityId: user.id,
      action: "password_reset",
      actorId: input.actorId,
      at: input.now,
    });
    return { ok: true };
  });
}

// ——— organisations ———

function organisationColumns(v: UpdateOrganisationInput): OrganisationValues {
  return {
    name: v.name,
    short_name: v.shortName ?? null,
    region_code: v.regionCode ?? null,
    contact_name: v.contactName ?? null,
    contact_phone: v.contactPhone ?? null,
    contact_email: v.contactEmail ?? null,
  };
}

function organisationForAudit(c: OrganisationValues) {
  return {
    name: c.name,
    shortName: c.short_name,
    regionCode: c.region_code,
    contactName: c.contact_name,
    contactPhone: c.contact_phone,
    contactEmail: c.contact_email,
  };
}

export async function createOrganisation(
  db: Kysely<Database>,
  input: { values: CreateOrganisationInput; actorId: number; now: Date },
): Promise<Outcome<{ organisationId: number }>> {
  const v = input.values;
  try {
    return await db.transaction().execute(async (trx): Promise<Outcome<{ organisationId: number }>> => {
      const errors: FieldErrors = {};
      let enterpriseId: number | null = null;
      // An enterprise's organisation stands for one registry (法人库) entry, so that its appeals can be matched.
      if (v.kind === "enterprise") {
        if (!v.creditCode) errors.creditCode = ["企业须填写统一社会信用代码"];
        else {
          const entry = await findRegistryEnterprise(trx, v.creditCode);
          if (!entry) errors.creditCode = ["法人库中没有这个统一社会信用代码,请先在法人库中登记该企业"];
          else if (entry.linkedOrganisationId) errors.creditCode = [`该企业(${entry.name})已有机构,不能重复建立`];
          else enterpriseId = entry.id;
        }
      }
      if (await findOrganisationByKindAndName(trx, v.kind, v.name)) errors.name = [ORGANISATION_NAME_TAKEN(v.kind)];
      if (Object.keys(errors).length) return invalid(errors);

      const columns = organisationColumns(v);
      const { id } = await insertOrganisation(trx, {
        ...columns,
        kind: v.kind,
        enterprise_id: enterpriseId,
        now: input.now,
      });
      await appendAudit(trx, {
        entity: "organisation",
        entityId: id,
        action: "created",
        actorId: input.actorId,
        at: input.now,
        to: { kind: v.kind, ...organisationForAudit(columns), ...(enterpriseId ? { creditCode: v.creditCode } : {}) },
      });
      return { ok: true, organisationId: id };
    });
  } catch (e) {
    if (violates(e, "organisations_kind_name_key")) return invalid({ name: [ORGANISATION_NAME_TAKEN(v.kind)] });
    if (violates(e, "organisations_enterprise_id_key")) return invalid({ creditCode: ["该企业已有机构,不能重复建立"] });
    throw e;
  }
}

export async function updateOrganisation(
  db: Kysely<Database>,
  input: { organisationId: number; values: UpdateOrganisationInput; actorId: number; now: Date },
): Promise<Outcome<{ changed: boolean }>> {
  let kind: OrganisationKind | undefined;
  try {
    return await db.transaction().execute(async (trx): Promise<Outcome<{ changed: boolean }>> => {
      const org = await lockOrganisationForChange(trx, input.organisationId);
      if (!org) return notFound("机构不存在");
      kind = org.kind;
      if (await findOrganisationByKindAndName(trx, org.kind, input.values.name, org.id)) {
        return invalid({ name: [ORGANISATION_NAME_TAKEN(org.kind)] });
      }
      const after = organisationColumns(input.values);
      const change = diff(organisationForAudit(org), organisationForAudit(after));
      if (!change.changed) return { ok: true, changed: false };
      await updateOrganisationRow(trx, org.id, after, input.now);
      await appendAudit(trx, {
        entity: "organisation",
        entityId: org.id,
        action: "updated",
        actorId: input.actorId,
        at: input.now,
        from: change.from,
        to: change.to,
      });
      return { ok: true, changed: true };
    });
  } catch (e) {
    if (kind && violates(e, "organisations_kind_name_key")) return invalid({ name: [ORGANISATION_NAME_TAKEN(kind)] });
    throw e;
  }
}

/** Deactivating an organisation keeps its records; its people can no longer sign in until it is activated again. */
export async function setOrganisationActive(
  db: Kysely<Database>,
  input: { organisationId: number; active: boolean; reason?: string; actorId: number; now: Date },
): Promise<Outcome<{ changed: boolean }>> {
  return db.transaction().execute(async (trx): Promise<Outcome<{ changed: boolean }>> => {
    const org = await lockOrganisationForChange(trx, input.organisationId);
    if (!org) return notFound("机构不存在");
    if (!input.active) {
      const actor = await getSessionUser(trx, input.actorId);
      if (actor?.organisationId === org.id) return invalid({}, ["不能停用自己所在的机构,否则您将无法登录"]);
    }
    if (org.active === input.active) return { ok: true, changed: false };
    await updateOrganisationRow(trx, org.id, { active: input.active }, input.now);
    if (!input.active) {
      await endSessionsOfOrganisation(trx, { organisationId: org.id, actorId: input.actorId, at: input.now });
    }
    await appendAudit(trx, {
      entity: "organisation",
      entityId: org.id,
      action: input.active ? "activated" : "deactivated",
      actorId: input.actorId,
      at: input.now,
      from: { active: org.active },
      to: { active: input.active },
      reason: input.reason ?? null,
    });
    return { ok: true, changed: true };
  });
}

// ——— history, as people read it ———

const FIELD_LABEL: Record<string, string> = {
  username: "用户名",
  displayName: "姓名",
  role: "角色",
  organisationName: "所属机构",
  phone: "电话",
  email: "电子邮箱",
  active: "状态",
  kind: "类型",
  name: "名称",
  shortName: "简称",
  regionCode: "行政区划代码",
  contactName: "联系人",
  contactPhone: "联系电话",
  contactEmail: "联系邮箱",
  creditCode: "统一社会信用代码",
};

function readable(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "(空)";
  if (key === "role") return ROLE_LABEL[value as Role] ?? String(value);
  if (key === "kind") return ORGANISATION_KIND_LABEL[value as OrganisationKind] ?? String(value);
  if (key === "active") return value ? "启用" : "停用";
  return String(value);
}

export interface HistoryEntry {
  id: string;
  at: string;
  actorName: string;
  action: string;
  changes: { field: string; from: string | null; to: string }[];
  reason: string | null;
}

/** An account's or organisation's audit trail with Chinese labels, newest first. */
export async function accountHistory(db: Db, entity: "user" | "organisation", id: number): Promise<HistoryEntry[]> {
  const rows = await auditHistory(db, entity, id);
  return rows.map((r) => {
    const from = (r.from_value ?? {}) as Record<string, unknown>;
    const to = (r.to_value ?? {}) as Record<string, unknown>;
    const changes = Object.keys(FIELD_LABEL)
      .filter((k) => k in to)
      .map((k) => ({ field: FIELD_LABEL[k], from: k in from ? readable(k, from[k]) : null, to: readable(k, to[k]) }));
    return {
      id: String(r.id),
      at: formatInstantZh(r.at),
      actorName: r.actorName ?? "系统",
      action: auditActionLabel(entity, r.action),
      changes,
      reason: r.reason,
    };
  });
}

// ——— choosers ———

export interface OrganisationChoiceGroup {
  kind: OrganisationKind;
  label: string;
  options: { id: number; name: string; active: boolean }[];
}

/**
 * Organisations grouped by kind in the order of SPEC §2. Inactive ones are left out (no one can be placed in
 * them) unless `includeInactive` (for filters), except `keepId`, an account's current organisation, so that an
 * edit form shows what is stored.
 */
export async function organisationChoices(
  db: Db,
  opts: { keepId?: number; includeInactive?: boolean } = {},
): Promise<OrganisationChoiceGroup[]> {
  const all = await organisationOptions(db);
  return ORGANISATION_KINDS.map((kind) => ({
    kind,
    label: ORGANISATION_KIND_LABEL[kind],
    options: all
      .filter((o) => o.kind === kind && (o.active || opts.includeInactive || o.id === opts.keepId))
      .map((o) => ({ id: o.id, name: o.name, active: o.active })),
  })).filter((g) => g.options.length > 0);
}
