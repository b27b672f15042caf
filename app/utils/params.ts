/**
 * Numbers read from a URL (path parameters and the query string), one rule for every route: a whole number
 * written plainly in decimal, within the range the route allows, and never past PostgreSQL's `integer`.
 * `1e3`, `0x10`, `1.5`, ` 1`, `-1`, `007` and 20-digit numbers are not numbers here, so they can neither
 * reach a query as an out-of-range value (a database error, answered 500) nor name a thing under another
 * spelling. Pure; the Responses for routes are in params.server.ts.
 */
import { z } from "zod";

/** The largest value of a PostgreSQL `integer` column (ids, cycle numbers). */
export const INT4_MAX = 2_147_483_647;

export interface IntRange {
  min?: number;
  max?: number;
}

const PLAIN = /^(?:0|[1-9][0-9]{0,15})$/;

/** The number `value` writes plainly, when it lies in [min, max] (default 1 … INT4_MAX); else null. */
export function plainInt(value: string | null | undefined, range: IntRange = {}): number | null {
  const { min = 1, max = INT4_MAX } = range;
  if (typeof value !== "string" || !PLAIN.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** Years the platform's pages take (calendars, schedules). */
export const YEAR_RANGE = { min: 2000, max: 2100 } as const;

/** `YYYY-MM` with a year of YEAR_RANGE; else null. */
export function plainMonth(value: string | null | undefined): string | null {
  if (typeof value !== "string") return null;
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value);
  return m && plainInt(m[1], YEAR_RANGE) !== null ? value : null;
}

/** What a parameter should have been, in the words of the message that refuses it. */
export function intRangeText(range: IntRange = {}): string {
  const { min = 1, max = INT4_MAX } = range;
  return max === INT4_MAX ? `不小于 ${min} 的整数` : `${min} 至 ${max} 之间的整数`;
}

/**
 * A number in the query string, for the list pages' zod filter schemas: absent or empty is undefined;
 * anything else must be a plain whole number in range (a failed parse is answered 400 by parseQuery).
 */
export function queryInt(range: IntRange = {}) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      const n = plainInt(v, range);
      if (n === null) {
        ctx.addIssue({ code: "custom", message: `应为${intRangeText(range)}` });
        return z.NEVER;
      }
      return n;
    });
}

/** A page number in the query string: 1 when absent or empty. */
export function queryPage(max = 100_000) {
  return queryInt({ min: 1, max }).transform((v) => v ?? 1);
}

/** A month (YYYY-MM) in the query string: undefined when absent or empty. */
export function queryMonth() {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      const m = plainMonth(v);
      if (m === null) {
        ctx.addIssue({ code: "custom", message: "应为年月,例如 2026-11" });
        return z.NEVER;
      }
      return m;
    });
}

/**
 * A list page's link: its non-empty filter values in the order given, then the page when past the first;
 * the bare path when there is nothing to add.
 */
export function listHref(path: string, filter: Record<string, string | null | undefined>, page = 1): string {
  const sp = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) sp.set(key, value);
  if (page > 1) sp.set("page", String(page));
  const s = sp.toString();
  return s ? `${path}?${s}` : path;
}
