import { describe, expect, it } from "vitest";
import { calendar2026 } from "../../tests/fixtures/calendar-2026";
import { formatInstant } from "./calendar";
import {
  dueState,
  normalizeEnterpriseName,
  registryCheck,
  screeningDueAt,
  statusAfterRegistryCheck,
  trackingNumber,
} from "./appeal";
import { composeCreditCode } from "./credit-code";

const CITY = new Set(["445100", "445102", "445103", "445122", "445171", "445172"]);
const code = composeCreditCode("91", "445102", "MA4W1234");
const entry = { id: 1, name: "潮州市湘桥华盛陶瓷有限公司", region_code: "445102" };

describe("registry match", () => {
  it("matches ignoring full-/half-width, spaces and case", () => {
    expect(normalizeEnterpriseName(" 潮州市（湘桥）Ａｂｃ 有限公司 ")).toBe(
      normalizeEnterpriseName("潮州市(湘桥)abc有限公司"),
    );
    expect(registryCheck({ creditCode: code, enterpriseName: "潮州市湘桥 华盛陶瓷有限公司" }, entry, CITY)).toBe(
      "match",
    );
  });

  it("sends an unknown code, a different name and a bad check character to the reviewer, never rejects them", () => {
    expect(registryCheck({ creditCode: code, enterpriseName: entry.name }, undefined, CITY)).toBe("unknown_code");
    expect(registryCheck({ creditCode: code, enterpriseName: "潮州市湘桥华盛陶瓷厂" }, entry, CITY)).toBe(
      "name_mismatch",
    );
    const corrupted = code.slice(0, 17) + (code[17] === "0" ? "1" : "0");
    expect(registryCheck({ creditCode: corrupted, enterpriseName: entry.name }, entry, CITY)).toBe(
      "bad_check_character",
    );
    for (const c of ["unknown_code", "name_mismatch", "bad_check_character"] as const) {
      expect(statusAfterRegistryCheck(c)).toBe("registry_review");
    }
  });

  it("decides 'outside the city' from the registry's region, not the code's digits", () => {
    const shenzhenEntry = { ...entry, region_code: "440300" };
    expect(registryCheck({ creditCode: code, enterpriseName: entry.name }, shenzhenEntry, CITY)).toBe("outside_city");
    const localButOtherDigits = composeCreditCode("91", "440300", "MA5F0009");
    expect(registryCheck({ creditCode: localButOtherDigits, enterpriseName: entry.name }, entry, CITY)).toBe("match");
    expect(statusAfterRegistryCheck("outside_city")).toBe("rejected");
    expect(statusAfterRegistryCheck("match")).toBe("screening");
  });
});

describe("numbers and deadlines", () => {
  it("tracking number carries the Shanghai date of receipt", () => {
    expect(trackingNumber(new Date("2026-11-20T23:30:00+08:00"), 123)).toBe("ZT20261120000123");
    expect(trackingNumber(new Date("2026-11-20T16:30:00Z"), 7)).toBe("ZT20261121000007");
  });

  it("screening is due at the end of the 3rd working day after receipt, across the make-up Saturday", () => {
    expect(formatInstant(screeningDueAt(calendar2026, new Date("2026-10-09T15:00:00+08:00")))).toBe(
      "2026-10-13T23:59:59+08:00",
    );
    expect(formatInstant(screeningDueAt(calendar2026, new Date("2026-09-30T09:00:00+08:00")))).toBe(
      "2026-10-10T23:59:59+08:00",
    );
  });

  it("due soon within a day, late after", () => {
    const due = new Date("2026-11-20T23:59:59+08:00");
    expect(dueState(due, new Date("2026-11-19T12:00:00+08:00"))).toBe("ok");
    expect(dueState(due, new Date("2026-11-20T09:00:00+08:00"))).toBe("due_soon");
    expect(dueState(due, new Date("2026-11-21T00:00:00+08:00"))).toBe("late");
  });
});
