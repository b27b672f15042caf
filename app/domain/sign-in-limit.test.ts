import { describe, expect, it } from "vitest";
import {
  addressKey,
  delayAfter,
  delaySchedule,
  waitInWords,
  SECOND_FACTOR,
  SIGN_IN,
  SIGN_IN_ADDRESS,
  signInAddressKey,
  signInKey,
  THROTTLE_POLICIES,
  throttleKey,
  type ThrottlePolicy,
} from "./sign-in-limit";

const s = 1000;
const min = 60 * s;

describe("delays", () => {
  it("sign-in per account and address: 5 free, then 1 s doubling up to 15 minutes", () => {
    expect([0, 1, 2, 3, 4].map((n) => delayAfter(SIGN_IN, n))).toEqual([0, 0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9].map((n) => delayAfter(SIGN_IN, n))).toEqual([1 * s, 2 * s, 4 * s, 8 * s, 16 * s]);
    expect(delayAfter(SIGN_IN, 14)).toBe(512 * s);
    expect(delayAfter(SIGN_IN, 15)).toBe(15 * min);
    expect(delayAfter(SIGN_IN, 1000)).toBe(15 * min);
    expect(SIGN_IN.windowMs).toBe(15 * min);
  });

  it("each policy has its documented numbers", () => {
    const row = (p: ThrottlePolicy) => [p.free, p.baseDelayMs, p.maxDelayMs, p.windowMs];
    expect(row(SIGN_IN_ADDRESS)).toEqual([20, s, 5 * min, 15 * min]);
    expect(row(SECOND_FACTOR)).toEqual([5, s, 15 * min, 15 * min]);
  });

  it("the schedule lists the wait after each count until the longest, for every policy", () => {
    for (const [name, p] of Object.entries(THROTTLE_POLICIES)) {
      const schedule = delaySchedule(p);
      expect(schedule.length, name).toBeLessThan(60);
      schedule.forEach((d, i) => expect(d, `${name} after ${i + 1}`).toBe(delayAfter(p, i + 1)));
      expect(schedule.at(-1), name).toBe(p.maxDelayMs);
      expect(delayAfter(p, schedule.length + 50), name).toBe(p.maxDelayMs);
      // Growing, never shrinking.
      expect(
        [...schedule].sort((a, b) => a - b),
        name,
      ).toEqual(schedule);
    }
    expect(delaySchedule(SIGN_IN).slice(0, 6)).toEqual([0, 0, 0, 0, 1 * s, 2 * s]);
  });

  it("the prefixes are distinct, so no two policies share a count", () => {
    const prefixes = Object.values(THROTTLE_POLICIES).map((p) => p.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});

describe("keys", () => {
  it("an IPv4 address counts as itself, also written IPv4-mapped", () => {
    expect(addressKey("127.0.0.2")).toBe("127.0.0.2");
    expect(addressKey("::ffff:127.0.0.2")).toBe("127.0.0.2");
    expect(addressKey("0:0:0:0:0:FFFF:10.1.2.3")).toBe("10.1.2.3");
  });

  it("an IPv6 address counts by its /64, however it is written", () => {
    expect(addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:DB8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002:0:0:0:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
  });

  it("anything else is kept as given", () => {
    expect(addressKey("unknown")).toBe("unknown");
    expect(addressKey("1:2:3")).toBe("1:2:3");
    expect(addressKey("1::2::3")).toBe("1::2::3");
  });

  it("sign-in keys: the account name trimmed and lower-cased, with the address", () => {
    expect(signInKey(" Office ", "::ffff:127.0.0.2")).toBe("signin:acct-ip|office|127.0.0.2");
    expect(signInAddressKey("127.0.0.2")).toBe("signin:ip|127.0.0.2");
    expect(throttleKey(SECOND_FACTOR, "42")).toBe("2fa:user|42");
    // A name holding the separator cannot take another pair's key: the address is always the last part.
    expect(signInKey("office|127.0.0.2", "127.0.0.3")).not.toBe(signInKey("office", "127.0.0.2"));
  });
});

describe("waitInWords", () => {
  const t = new Date("2026-12-07T10:00:00Z");
  const after = (ms: number) => new Date(t.getTime() + ms);
  it("says the wait in seconds, minutes, or hours and minutes, rounding up", () => {
    expect(waitInWords(after(400), t)).toBe("1 秒");
    expect(waitInWords(after(12_000), t)).toBe("12 秒");
    expect(waitInWords(after(60_000), t)).toBe("1 分钟");
    expect(waitInWords(after(61_000), t)).toBe("2 分钟");
    expect(waitInWords(after(3_600_000), t)).toBe("1 小时");
    expect(waitInWords(after(3_900_000), t)).toBe("1 小时 5 分钟");
  });
});
