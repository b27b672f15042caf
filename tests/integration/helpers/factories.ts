import type { Kysely } from "kysely";
import type { Database, OrganisationKind, Role } from "../../../db/schema";
import { hashPassword } from "../../../app/utils/password.server";

let counter = 0;

export async function makeOrganisation(db: Kysely<Database>, kind: OrganisationKind, name?: string) {
  counter += 1;
  return db
    .insertInto("organisations")
    .values({
      kind,
      name: name ?? `测试机构${counter}`,
      short_name: null,
      region_code: null,
      contact_name: "联系人",
      contact_phone: "0768-0000000",
      contact_email: null,
      enterprise_id: null,
    })
    .returning(["id", "name", "kind"])
    .executeTakeFirstOrThrow();
}

export async function makeUser(db: Kysely<Database>, role: Role, organisationId: number, password = "Secret#123") {
  counter += 1;
  return db
    .insertInto("users")
    .values({
      username: `user${counter}_${role}`,
      password_hash: await hashPassword(password),
      display_name: `用户${counter}`,
      role,
      organisation_id: organisationId,
    })
    .returning(["id", "username", "role", "organisation_id"])
    .executeTakeFirstOrThrow();
}
