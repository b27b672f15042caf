/**
 * Personal data shown only where needed (个人信息保护; issue 13, item 11). A contact's telephone number
 * leaves the server masked — in lists, exports, public pages, and to anyone who does not handle the appeal —
 * and in full only on the appeal's own page for those who handle it. This module is the one place that
 * masks a number and the one place that decides who may read it in full.
 */
import type { Role } from "./roles";

const MOBILE = /^(?:\+?86)?(1[3-9]\d)(\d{4})(\d{4})$/;
// A landline with its area code (区号): 010 and 02x have three digits, the others four.
const LANDLINE = /^(0(?:[12]\d|[3-9]\d{2}))-?(\d{7,8})(?:-(\d{1,6}))?$/;

/**
 * A telephone number as it may be shown to someone who does not need it:
 * mobile 13712342222 → 137****2222 (the first three and the last four digits kept);
 * landline 0768-2201101 → 0768-***1101 (the area code, which only names the city, and the last four digits;
 * an extension stays, it reaches only the switchboard's number); anything else: every digit but the last four
 * hidden. Spaces, dashes and brackets typed inside a number do not defeat it.
 */
export function maskPhone(phone: string): string;
export function maskPhone(phone: string | null | undefined): string | null;
export function maskPhone(phone: string | null | undefined): string | null {
  if (phone == null) return null;
  const typed = phone.trim();
  if (typed === "") return "";
  const compact = typed.replace(/[\s()()]/g, "");
  const mobile = MOBILE.exec(compact.replace(/-/g, ""));
  if (mobile) return `${mobile[1]}****${mobile[3]}`;
  const landline = LANDLINE.exec(compact);
  if (landline) {
    const [, area, local, extension] = landline;
    return `${area}-${"*".repeat(local.length - 4)}${local.slice(-4)}${extension ? `-${extension}` : ""}`;
  }
  const digits = typed.replace(/\D/g, "").length;
  let seen = 0;
  return typed.replace(/\d/g, (d) => (++seen <= digits - 4 ? "*" : d));
}

// A mobile number inside a text, standing alone (not part of a longer run of digits such as a credit code).
const MOBILE_IN_TEXT = /(?<![\dA-Za-z])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/g;

/**
 * Every mobile number written inside a free text (a reply, a commitment's measures, a name typed at
 * sign-in) masked as maskPhone does, the rest of the text untouched: for the public pages and exports.
 */
export function maskPhonesInText(text: string): string;
export function maskPhonesInText(text: string | null | undefined): string | null;
export function maskPhonesInText(text: string | null | undefined): string | null {
  if (text == null) return null;
  return text.replace(MOBILE_IN_TEXT, (_, head: string, _middle: string, tail: string) => `${head}****${tail}`);
}

/** Who is looking: the signed-in person (a session's user fits). */
export interface PhoneViewer {
  id: number;
  role: Role;
  organisationId: number;
}

/** Who handles one appeal, as its own page knows it. */
export interface AppealHandlers {
  /** The enterprise's own organisation, when an enterprise account booked it. */
  enterpriseOrganisationId: number | null;
  /** The window clerk or hotline operator who registered it. */
  registeredBy: number | null;
  /**
   * The organisations handling it now: the lead and co-departments and the county whose assignment has not
   * ended (a department whose assignment was reassigned away, or a county whose appeal went up to the city,
   * no longer handles it), and the departments holding its task after the on-site day.
   */
  organisationIds: readonly number[];
  /** Sent to the registry reviewer, who may have to ask the enterprise who it is. */
  registryReview: boolean;
}

/**
 * Whether the viewer handles the appeal and so may read its contact's number in full on the appeal's own
 * page: the platform office, the window or hotline who registered it, the departments and county handling
 * it, the registry reviewer while it is theirs to check, and the enterprise itself. Nobody else — not the
 * leader, the secretary-general, the government office or the supervisor, who work from the catalog, the
 * agenda and the ledger and never call the enterprise.
 */
export function handlesAppeal(viewer: PhoneViewer, appeal: AppealHandlers): boolean {
  switch (viewer.role) {
    case "platform_admin":
      return true;
    case "enterprise":
      return appeal.enterpriseOrganisationId === viewer.organisationId;
    case "window_clerk":
    case "hotline_operator":
      return appeal.registeredBy === viewer.id;
    case "department":
    case "county":
      return appeal.organisationIds.includes(viewer.organisationId);
    case "registry_reviewer":
      return appeal.registryReview;
    default:
      return false;
  }
}

/**
 * The organisations an appeal's assignments say handle it now: every lead, co-department and county
 * assignment but those that ended (reassigned away after a dispute, or a county's appeal taken up by the city).
 */
export function handlingOrganisations(assignments: readonly { organisationId: number; state: string }[]): number[] {
  return [...new Set(assignments.filter((s) => s.state !== "ended").map((s) => s.organisationId))];
}

/** Who handles an appeal, from what its own page loads: the appeal and its assignments. */
export function appealHandlersOf(
  appeal: { status: string; enterpriseOrganisationId: number | null; registeredBy: number | null },
  assignments: readonly { organisationId: number; state: string }[],
): AppealHandlers {
  return {
    enterpriseOrganisationId: appeal.enterpriseOrganisationId,
    registeredBy: appeal.registeredBy,
    organisationIds: handlingOrganisations(assignments),
    registryReview: appeal.status === "registry_review",
  };
}

/** The appeal contact's number as this viewer may read it on the appeal's own page. */
export function appealContactPhone(viewer: PhoneViewer, appeal: AppealHandlers, phone: string): string {
  return handlesAppeal(viewer, appeal) ? phone : maskPhone(phone);
}
