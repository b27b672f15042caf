/** The roles of SPEC §2, the kind of organisation each belongs to, and the areas each may enter. */

export type OrganisationKind =
  | "platform_office"
  | "service_hall"
  | "hotline_center"
  | "county"
  | "department"
  | "government_office"
  | "supervision_office"
  | "city_government"
  | "enterprise";

export type Role =
  | "enterprise"
  | "window_clerk"
  | "hotline_operator"
  | "platform_admin"
  | "registry_reviewer"
  | "county"
  | "department"
  | "secretary_general"
  | "government_office"
  | "leader"
  | "supervisor";

export { ORGANISATION_KIND_LABEL, ROLE_LABEL } from "./labels";

export const ROLES: readonly Role[] = [
  "enterprise",
  "window_clerk",
  "hotline_operator",
  "platform_admin",
  "registry_reviewer",
  "county",
  "department",
  "secretary_general",
  "government_office",
  "leader",
  "supervisor",
];

export const ORGANISATION_KINDS: readonly OrganisationKind[] = [
  "platform_office",
  "service_hall",
  "hotline_center",
  "county",
  "department",
  "government_office",
  "supervision_office",
  "city_government",
  "enterprise",
];

/** The organisation kind a person of each role must belong to. */
export const ROLE_ORGANISATION_KIND: Record<Role, OrganisationKind> = {
  enterprise: "enterprise",
  window_clerk: "service_hall",
  hotline_operator: "hotline_center",
  platform_admin: "platform_office",
  registry_reviewer: "department",
  county: "county",
  department: "department",
  secretary_general: "city_government",
  government_office: "government_office",
  leader: "city_government",
  supervisor: "supervision_office",
};

export function roleFitsOrganisation(role: Role, kind: OrganisationKind): boolean {
  return ROLE_ORGANISATION_KIND[role] === kind;
}

/** Areas of the app and who may enter them. The public needs no sign-in and has no area here. */
export type Area = "office" | "workspace";

const AREA_ROLES: Record<Area, readonly Role[]> = {
  office: ["platform_admin"],
  workspace: ROLES,
};

export function mayEnter(role: Role, area: Area): boolean {
  return AREA_ROLES[area].includes(role);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
