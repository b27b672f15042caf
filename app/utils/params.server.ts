/**
 * Guards for what a route reads from its URL: a number in the path names a thing, so an odd one is a 404
 * (nothing has that name); a number in the query string says how to show a page, so an odd one is a 400. Both
 * are thrown as Responses that the error boundaries show as Chinese pages, and resource routes send as
 * text. Never a 500: see tests/reliability/bad-input.test.ts.
 */
import type { z } from "zod";
import { httpError, invariantResponse } from "./http.server";
import { intRangeText, plainInt, plainMonth, type IntRange } from "./params";

export const NOT_FOUND_MESSAGE = "您要找的页面不存在或已被移除。";

/** A number from the path (`$id`, `$number`, `$year`): a plain whole number in range, else 404 with `message`. */
export function intParam(value: string | undefined, opts: IntRange & { message?: string } = {}): number {
  const n = plainInt(value, opts);
  invariantResponse(n !== null, opts.message ?? NOT_FOUND_MESSAGE, 404);
  return n;
}

/** The message for an odd query parameter. */
export function badQueryMessage(name: string, expected: string): string {
  // "应为 1 至 100 之间的整数", "应为不小于 1 的整数": a space only between a Chinese word and a digit.
  return `链接中的参数“${name}”有误,应为${/^\d/.test(expected) ? " " : ""}${expected}。请返回上一页重新选择。`;
}

/** A number from the query string: undefined when absent or empty, else a plain whole number in range, else 400. */
export function intQuery(params: URLSearchParams, name: string, range: IntRange = {}): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  const n = plainInt(raw, range);
  invariantResponse(n !== null, badQueryMessage(name, intRangeText(range)));
  return n;
}

/** A page number from the query string: 1 when absent or empty, else as intQuery. */
export function pageQuery(params: URLSearchParams, max = 100_000): number {
  return intQuery(params, "page", { min: 1, max }) ?? 1;
}

/** A month (YYYY-MM) from the query string: undefined when absent or empty, else 400 unless it is one. */
export function monthQuery(params: URLSearchParams, name = "month"): string | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  const m = plainMonth(raw);
  invariantResponse(m !== null, badQueryMessage(name, "年月,例如 2026-11"));
  return m;
}

/**
 * The query string through a filter schema (whose numbers are queryInt/queryPage/queryMonth fields): what
 * the schema cannot read is answered 400, naming the parameter.
 */
export function parseQuery<S extends z.ZodType>(schema: S, params: URLSearchParams): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(params));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw httpError(400, badQueryMessage(String(issue.path[0] ?? "?"), issue.message.replace(/^应为/, "")));
}
