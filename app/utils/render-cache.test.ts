import { describe, expect, it } from "vitest";
import { RenderCache } from "./render-cache";

/** A producer that renders only when told to, counting how often it was asked. */
function controlled() {
  let calls = 0;
  const pending: { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }[] = [];
  const produce = () => {
    calls++;
    return new Promise<Uint8Array>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { produce, calls: () => calls, pending };
}

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe("RenderCache", () => {
  it("ten callers of one key at once share one production and get the same bytes", async () => {
    const cache = new RenderCache({ maxEntries: 10, maxBytes: 1000 });
    const p = controlled();
    const answers = Array.from({ length: 10 }, () => cache.get("catalog:v1", p.produce));
    expect(p.calls()).toBe(1);
    p.pending[0].resolve(bytes(10));
    const got = await Promise.all(answers);
    expect(new Set(got).size).toBe(1);
    expect(got[0]).toEqual(bytes(10));
    expect(cache.stats()).toMatchObject({ produced: 1, joined: 9, hits: 0, entries: 1, bytes: 10 });
    // Later callers get the kept bytes without producing.
    expect(await cache.get("catalog:v1", p.produce)).toBe(got[0]);
    expect(p.calls()).toBe(1);
    expect(cache.stats().hits).toBe(1);
  });

  it("a new data version is produced anew, while the old one stays until evicted", async () => {
    const cache = new RenderCache({ maxEntries: 10, maxBytes: 1000 });
    let calls = 0;
    const produce = (fill: number) => async () => (calls++, bytes(10, fill));
    const v1 = await cache.get("catalog:12:aaa", produce(1));
    const v2 = await cache.get("catalog:12:bbb", produce(2));
    expect(calls).toBe(2);
    expect(v2).not.toBe(v1);
    expect(v2[0]).toBe(2);
    expect(await cache.get("catalog:12:aaa", produce(3))).toBe(v1);
    expect(calls).toBe(2);
  });

  it("a failed production rejects everyone who waited for it, is not kept, and the next caller tries again", async () => {
    const cache = new RenderCache({ maxEntries: 10, maxBytes: 1000 });
    const p = controlled();
    const a = cache.get("k", p.produce);
    const b = cache.get("k", p.produce);
    p.pending[0].reject(new Error("layout failed"));
    await expect(a).rejects.toThrow("layout failed");
    await expect(b).rejects.toThrow("layout failed");
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
    const c = cache.get("k", p.produce);
    expect(p.calls()).toBe(2);
    p.pending[1].resolve(bytes(5));
    expect(await c).toEqual(bytes(5));
  });

  it("keeps at most maxEntries documents, evicting the least recently used", async () => {
    const cache = new RenderCache({ maxEntries: 2, maxBytes: 1000 });
    let calls = 0;
    const produce = async () => (calls++, bytes(10));
    await cache.get("a", produce);
    await cache.get("b", produce);
    await cache.get("a", produce); // a is now the most recently used
    await cache.get("c", produce); // evicts b
    expect(calls).toBe(3);
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 20 });
    await cache.get("a", produce);
    expect(calls).toBe(3);
    await cache.get("b", produce);
    expect(calls).toBe(4);
  });

  it("keeps at most maxBytes, evicting the oldest until the new one fits, and never keeps one larger than the budget", async () => {
    const cache = new RenderCache({ maxEntries: 10, maxBytes: 100 });
    let calls = 0;
    const produce = (n: number) => async () => (calls++, bytes(n));
    await cache.get("a", produce(40));
    await cache.get("b", produce(40));
    await cache.get("c", produce(40)); // 120 > 100: a goes
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 80 });
    await cache.get("b", produce(40));
    await cache.get("c", produce(40));
    expect(calls).toBe(3);
    await cache.get("a", produce(40));
    expect(calls).toBe(4);

    const huge = await cache.get("huge", produce(101));
    expect(huge.byteLength).toBe(101);
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 80 });
    await cache.get("huge", produce(101));
    expect(calls).toBe(6);
  });
});
