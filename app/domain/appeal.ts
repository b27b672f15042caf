/** Appeal intake rules (SPEC §4 steps 1–3). Pure. */
import { formatInstant, workingDaysDeadline, type WorkCalendar } from "./calendar";
import { checkCreditCode } from "./credit-code";

export type AppealChannel = "online" | "window" | "hotline" | "api";
/** The registry match of SPEC §4 step 2. */
export type RegistryCheck =
  "match" | "unknown_code" | "name_mismatch" | "bad_check_character" | "outside_city" | "confirmed";
export type AppealStatus =
  | "registry_review"
  | "screening"
  | "rejected"
  | "county"
  | "escalation_review"
  | "county_resolved"
  | "city"
  | "replied";
/** An organisation's part in an appeal's handling (SPEC §4 steps 4–5). */
export type AssignmentState = "assigned" | "accepted" | "disputed" | "done" | "ended";
/** An organisation's part in an appeal: the county's, or a city department's as lead or co-department. */
export type AssignmentRole = "county" | "lead" | "co";
export type ReplyKind = "reply" | "opinion" | "county_reply" | "county_opinion";

export { CHANNEL_LABEL, REGISTRY_CHECK_LABEL, STATUS_LABEL } from "./labels";

/** Names compare equal ignoring full-/half-width forms, spaces and bracket styles. */
export function normalizeEnterpriseName(name: string): string {
  return name
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    .replace(/[\s\u00A0]+/g, "")
    .toUpperCase();
}

export interface RegistryEntry {
  id: number;
  name: string;
  region_code: string | null;
}

/**
 * Match an appeal's enterprise against the registry. A mismatch is for the registry reviewer, never a
 * machine rejection; only an entry registered outside the city (by the registry, not the code's digits)
 * is turned away.
 */
export function registryCheck(
  input: { creditCode: string; enterpriseName: string },
  entry: RegistryEntry | undefined,
  cityRegionCodes: ReadonlySet<string>,
): RegistryCheck {
  if (checkCreditCode(input.creditCode) === "bad_check_character") return "bad_check_character";
  if (!entry) return "unknown_code";
  if (normalizeEnterpriseName(entry.name) !== normalizeEnterpriseName(input.enterpriseName)) return "name_mismatch";
  if (!entry.region_code || !cityRegionCodes.has(entry.region_code)) return "outside_city";
  return "match";
}

export const OUTSIDE_CITY_REASON = "非本市注册企业:该企业在法人库中的登记地不在本市,不属于本平台受理范围。";

export function statusAfterRegistryCheck(check: RegistryCheck): AppealStatus {
  if (check === "match" || check === "confirmed") return "screening";
  if (check === "outside_city") return "rejected";
  return "registry_review";
}

/** ZT + the Shanghai date received + a six-digit sequence: ZT20261120000123. */
export function trackingNumber(receivedAt: Date, sequence: number): string {
  return `ZT${formatInstant(receivedAt).slice(0, 10).replace(/-/g, "")}${String(sequence).padStart(6, "0")}`;
}

/** Screening by the platform office: within 3 working days of receipt. */
export function screeningDueAt(cal: WorkCalendar, receivedAt: Date): Date {
  return workingDaysDeadline(cal, receivedAt, 3);
}

/** SPEC §4 step 3: the reasons an appeal is turned away at screening. */
export const REJECTION_REASONS = [
  "涉及诉讼、仲裁、行政复议或信访程序",
  "非本市注册企业",
  "非企业诉求",
  "重复提交",
] as const;

export type DueState = "ok" | "due_soon" | "late";

/** Due soon: less than one day left. */
export function dueState(dueAt: Date, now: Date): DueState {
  const left = dueAt.getTime() - now.getTime();
  if (left < 0) return "late";
  return left < 24 * 3600_000 ? "due_soon" : "ok";
}

/**
 * Who may read an appeal's receipt and history here: its enterprise, the person who registered it for the
 * enterprise, and the platform office. (Departments and counties read what is assigned to them elsewhere.)
 */
export function mayViewAppeal(
  viewer: { id: number; role: string; organisationId: number },
  appeal: { enterpriseOrganisationId: number | null; registeredBy: number | null },
): boolean {
  if (viewer.role === "platform_admin") return true;
  if (viewer.role === "enterprise") return appeal.enterpriseOrganisationId === viewer.organisationId;
  if (viewer.role === "window_clerk" || viewer.role === "hotline_operator") return appeal.registeredBy === viewer.id;
  return false;
}
