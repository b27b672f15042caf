import { describe, expect, it, vi } from "vitest";
import { AdmissionGate, type Release } from "./admission.server";

describe("AdmissionGate", () => {
  it("runs up to `concurrency` at once and lets the next in line in when one is done, in order", async () => {
    const gate = new AdmissionGate({ concurrency: 2, maxQueue: 10, maxWaitMs: 1000 });
    const a = await gate.admit();
    const b = await gate.admit();
    expect(a && b).toBeTruthy();
    expect(gate.active).toBe(2);
    const order: string[] = [];
    const c = gate.admit().then((r) => (order.push("c"), r));
    const d = gate.admit().then((r) => (order.push("d"), r));
    await Promise.resolve();
    expect(gate.waiting).toBe(2);
    a!();
    a!(); // a second call of one release changes nothing
    const rc = await c;
    expect(rc).toBeTypeOf("function");
    expect(gate.active).toBe(2);
    expect(gate.waiting).toBe(1);
    b!();
    expect(await d).toBeTypeOf("function");
    expect(order).toEqual(["c", "d"]);
  });

  it("refuses at once when the line is full", async () => {
    const gate = new AdmissionGate({ concurrency: 1, maxQueue: 1, maxWaitMs: 1000 });
    const first = await gate.admit();
    const second = gate.admit();
    expect(await gate.admit()).toBeNull();
    expect(gate.refused).toBe(1);
    first!();
    expect(await second).toBeTypeOf("function");
  });

  it("refuses one that waited maxWaitMs, and it no longer holds a place", async () => {
    vi.useFakeTimers();
    try {
      const gate = new AdmissionGate({ concurrency: 1, maxQueue: 5, maxWaitMs: 500 });
      const first = await gate.admit();
      const late = gate.admit();
      vi.advanceTimersByTime(499);
      expect(gate.waiting).toBe(1);
      vi.advanceTimersByTime(1);
      expect(await late).toBeNull();
      expect(gate.waiting).toBe(0);
      first!();
      expect(gate.active).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("drops a waiter whose client has gone without running it", async () => {
    const gate = new AdmissionGate({ concurrency: 1, maxQueue: 5, maxWaitMs: 1000 });
    const first = await gate.admit();
    let left = false;
    const gone = gate.admit(() => left);
    const stays = gate.admit();
    left = true;
    first!();
    expect(await gone).toBeNull();
    const r: Release | null = await stays;
    expect(r).toBeTypeOf("function");
    expect(gate.active).toBe(1);
  });
});
