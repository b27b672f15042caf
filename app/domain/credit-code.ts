/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character set; the last is a check character.
 * Positions 9–17 are the organisation code of GB 11714, which carries its own check character.
 */

export const CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export type CreditCodeCheck = "valid" | "bad_shape" | "bad_check_character";

/** The check character for the first 17 characters. */
export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (v < 0) throw new RangeError(`invalid character ${first17[i]}`);
    sum += v * WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/** Upper-case, strip spaces and turn full-width characters into half-width. */
export function normalizeCreditCode(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, "")
    .toUpperCase();
}

export function checkCreditCode(code: string): CreditCodeCheck {
  if (!SHAPE.test(code)) return "bad_shape";
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17] ? "valid" : "bad_check_character";
}

/** GB 11714 check character of the 8-character organisation code body. */
export function organisationCodeCheckCharacter(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += CREDIT_CODE_CHARSET.indexOf(body8[i]) * weights[i];
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

/**
 * Build a well-formed code: registration authority + organisation type (e.g. "91" for a company
 * registered with market regulation), a 6-digit administrative division, an 8-character body.
 */
export function composeCreditCode(authorityAndType: string, division: string, body8: string): string {
  const first17 = `${authorityAndType}${division}${body8}${organisationCodeCheckCharacter(body8)}`;
  return first17 + creditCodeCheckCharacter(first17);
}
