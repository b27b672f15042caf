import { describe, expect, it } from "vitest";
import { checkCreditCode, composeCreditCode, creditCodeCheckCharacter, normalizeCreditCode } from "./credit-code";

describe("GB 32100-2015 credit codes", () => {
  it("accepts published codes", () => {
    // Published codes of well-known companies.
    expect(checkCreditCode("91350100M000100Y43")).toBe("valid");
    expect(checkCreditCode("91110000600037341L")).toBe("valid");
  });

  it("flags a corrupted check character and corrupted body", () => {
    expect(checkCreditCode("91350100M000100Y44")).toBe("bad_check_character");
    expect(checkCreditCode("91350100M000101Y43")).toBe("bad_check_character");
  });

  it("rejects malformed shapes (length, I/O/S/V/Z, letters in the division)", () => {
    expect(checkCreditCode("91350100M000100Y4")).toBe("bad_shape");
    expect(checkCreditCode("91350100M000100I43")).toBe("bad_shape");
    expect(checkCreditCode("913501A0M000100Y43")).toBe("bad_shape");
  });

  it("computes a check of 0 where 31 - sum mod 31 is 31", () => {
    const code = composeCreditCode("91", "445102", "MA4W0000");
    expect(checkCreditCode(code)).toBe("valid");
    expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
  });

  it("normalises full-width characters and spaces", () => {
    expect(normalizeCreditCode(" ９１３５０１００ｍ000100y43 ")).toBe("91350100M000100Y43");
  });
});
