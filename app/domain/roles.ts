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

export const ROLE_LABEL: Record<Role, string> = {
  enterprise: "企业",
  window_clerk: "“难办事”窗口工作人员",
  hotline_operator: "12345 话务员",
  platform_admin: "平台管理员(市政务服务数据管理局)",
  registry_reviewer: "法人库审核员(市市场监督管理局)",
  county: "县区政府(管委会)",
  department: "市直职能部门",
  secretary_general: "轮值秘书长/副秘书长",
  government_office: "市政府办公室",
  leader: "出席市领导",
  supervisor: "市政府督查室",
};

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

export const ORGANISATION_KIND_LABEL: Record<OrganisationKind, string> = {
  platform_office: "平台管理机构",
  service_hall: "政务服务大厅",
  hotline_center: "12345 热线",
  county: "县、区政府(管委会)",
  department: "市直职能部门",
  government_office: "市政府办公室",
  supervision_office: "市政府督查室",
  city_government: "市人民政府",
  enterprise: "企业",
};

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
