import { describe, expect, it } from "vitest";
import { z } from "zod";
import { queryInt, queryPage } from "./params";
import { invariantResponse } from "./http.server";
import { intParam, intQuery, monthQuery, pageQuery, parseQuery } from "./params.server";

async function thrown(f: () => unknown): Promise<{ status: number; text: string; type: string | null }> {
  try {
    f();
  } catch (e) {
    if (!(e instanceof Response)) throw e;
    return { status: e.status, text: await e.text(), type: e.headers.get("Content-Type") };
  }
  throw new Error("nothing thrown");
}

describe("params from a route's URL", () => {
  it("a path number: the number, or 404 with the route's Chinese message", async () => {
    expect(intParam("12")).toBe(12);
    expect(await thrown(() => intParam("1e3", { message: "没有这一期。" }))).toEqual({
      status: 404,
      text: "没有这一期。",
      type: "text/plain; charset=utf-8",
    });
    expect((await thrown(() => intParam(undefined))).status).toBe(404);
    expect((await thrown(() => intParam("2147483648"))).status).toBe(404);
  });

  it("a query number: undefined when absent or empty, else the number, else 400 naming the parameter", async () => {
    const q = new URLSearchParams("org=7&year=2026&empty=&bad=0x10&page=0&month=2026-13");
    expect(intQuery(q, "org")).toBe(7);
    expect(intQuery(q, "missing")).toBeUndefined();
    expect(intQuery(q, "empty")).toBeUndefined();
    expect(intQuery(q, "year", { min: 2000, max: 2100 })).toBe(2026);
    const bad = await thrown(() => intQuery(q, "bad"));
    expect(bad.status).toBe(400);
    expect(bad.text).toBe("链接中的参数“bad”有误,应为不小于 1 的整数。请返回上一页重新选择。");
    expect((await thrown(() => pageQuery(q))).text).toContain("应为 1 至 100000 之间的整数");
    expect(pageQuery(new URLSearchParams())).toBe(1);
    expect((await thrown(() => monthQuery(q))).text).toContain("应为年月,例如 2026-11");
  });

  it("a filter schema: odd numbers are 400 naming the field", async () => {
    const schema = z.object({ cycle: queryInt(), page: queryPage(10) });
    expect(parseQuery(schema, new URLSearchParams("cycle=3&page=2"))).toEqual({ cycle: 3, page: 2 });
    const r = await thrown(() => parseQuery(schema, new URLSearchParams("cycle=3&page=11")));
    expect(r).toMatchObject({
      status: 400,
      text: "链接中的参数“page”有误,应为 1 至 10 之间的整数。请返回上一页重新选择。",
    });
  });

  it("invariantResponse: 400 unless told otherwise", async () => {
    expect(() => invariantResponse(true, "x")).not.toThrow();
    expect(await thrown(() => invariantResponse(false, "不行"))).toMatchObject({ status: 400, text: "不行" });
    expect(await thrown(() => invariantResponse(0, "没有", 404))).toMatchObject({ status: 404 });
  });
});
