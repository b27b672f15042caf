/**
 * How guessable endpoints are slowed (SPEC §7; issue 13, item 4): never a lockout that a stranger can
 * trigger, but a count per key (an account at one client address, one client address, one mobile …) with a
 * few free attempts, then growing delays.
 *
 * The rule, for one key:
 * - Each attempt is charged before the secret is checked. The first `free` attempts pass at once.
 * - From the `free`-th charged attempt on, the next one must wait: `baseDelayMs` after the `free`-th,
 *   twice that after the next, and so on, never more than `maxDelayMs`. An attempt refused while it must
 *   wait is not charged (it neither lengthens the wait nor counts).
 * - The count starts again once `windowMs` has passed without a charged attempt (and no wait is running).
 * - A success clears the key, or gives back its own charge (see each policy).
 *
 * The services (app/services/throttle.server.ts) apply this in one SQL statement per attempt, so every
 * instance of the app shares the count; the delays they store come from `delaySchedule` below.
 */

export interface ThrottlePolicy {
  /** The first part of the stored key, e.g. `signin:acct-ip`. */
  readonly prefix: string;
  /** Attempts that pass without any wait within a window. */
  readonly free: number;
  /** The wait after the `free`-th attempt; each later attempt doubles it. */
  readonly baseDelayMs: number;
  /** The longest wait. */
  readonly maxDelayMs: number;
  /** Quiet time after which the count starts again. */
  readonly windowMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * Failed sign-ins of one account from one client address (账号 + 地址). 5 free, then 1 s, 2 s, 4 s … up to
 * 15 minutes between guesses; the count starts again after 15 quiet minutes. A success clears it. Guesses
 * from another address have their own count: they never refuse the right password from here.
 */
export const SIGN_IN: ThrottlePolicy = {
  prefix: "signin:acct-ip",
  free: 5,
  baseDelayMs: SECOND,
  maxDelayMs: 15 * MINUTE,
  windowMs: 15 * MINUTE,
};

/**
 * Failed sign-ins from one client address, whatever the account (password spraying). 20 free, then 1 s,
 * 2 s, 4 s … up to 5 minutes; the count starts again after 15 quiet minutes. A success gives back its own
 * charge, so an office of many people behind one address is not slowed by signing in.
 */
export const SIGN_IN_ADDRESS: ThrottlePolicy = {
  prefix: "signin:ip",
  free: 20,
  baseDelayMs: SECOND,
  maxDelayMs: 5 * MINUTE,
  windowMs: 15 * MINUTE,
};

/**
 * Wrong second-factor codes (TOTP or recovery code) of one account: only someone who knows the password
 * gets here, so the count is per account. 5 free, then 1 s, 2 s … up to 15 minutes (a 6-digit code cannot be
 * guessed at that pace); the count starts again after 15 quiet minutes. A success clears it.
 */
export const SECOND_FACTOR: ThrottlePolicy = {
  prefix: "2fa:user",
  free: 5,
  baseDelayMs: SECOND,
  maxDelayMs: 15 * MINUTE,
  windowMs: 15 * MINUTE,
};

export const THROTTLE_POLICIES = {
  SIGN_IN,
  SIGN_IN_ADDRESS,
  SECOND_FACTOR,
} as const;

/** The wait (ms) before the next attempt once `count` attempts have been charged in the window; 0 = none. */
export function delayAfter(policy: ThrottlePolicy, count: number): number {
  if (count < policy.free) return 0;
  const doublings = count - policy.free;
  // 2^31 ms is already weeks; stop doubling long before the number loses precision.
  if (doublings >= 31) return policy.maxDelayMs;
  return Math.min(policy.baseDelayMs * 2 ** doublings, policy.maxDelayMs);
}

/**
 * `delayAfter` for counts 1, 2, … up to the first count that reaches the longest wait: element i is the
 * wait after i + 1 attempts, and every count past the end waits as long as the last element. The stored
 * procedure reads this list, so the rule is written once, here.
 */
export function delaySchedule(policy: ThrottlePolicy): number[] {
  const out: number[] = [];
  for (let count = 1; ; count++) {
    const d = delayAfter(policy, count);
    out.push(d);
    if (d >= policy.maxDelayMs) return out;
  }
}

/**
 * The address a count is kept for: an IPv4 address as it is (also when written IPv4-mapped, ::ffff:a.b.c.d),
 * an IPv6 address by its /64 network, which one subscriber usually holds whole and could rotate through.
 * Anything else (an unknown address) is kept as given, lower-cased.
 */
export function addressKey(ip: string): string {
  const s = ip.trim().toLowerCase();
  const mapped = /^(?:0{0,4}:){0,5}(?:0{0,4}:)?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (mapped) return mapped[1];
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(s)) return s;
  const groups = expandIpv6(s.replace(/%.*$/, ""));
  if (!groups) return s;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, or null when it is not one. */
function expandIpv6(s: string): number[] | null {
  if (!/^[0-9a-f:.]+$/.test(s) || !s.includes(":")) return null;
  let tail: number[] = [];
  let text = s;
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const b = v4.slice(1).map(Number);
    if (b.some((x) => x > 255)) return null;
    tail = [(b[0] << 8) | b[1], (b[2] << 8) | b[3]];
    text = text.slice(0, v4.index) + "0"; // a placeholder group, replaced by `tail` below
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === "" ? [] : part.split(":"));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  const width = 8 - (v4 ? 1 : 0);
  const given = head.length + rest.length;
  if (halves.length === 1 ? given !== width : given >= width) return null;
  const zeros = new Array<string>(width - given).fill("0");
  const groups = [...head, ...zeros, ...rest].map((g) => parseInt(g, 16));
  if (v4) groups.splice(groups.length - 1, 1, ...tail);
  return groups;
}

/** The stored key of a policy for these parts (an account name, an address, a mobile …). */
export function throttleKey(policy: ThrottlePolicy, ...parts: string[]): string {
  return [policy.prefix, ...parts].join("|");
}

/** The key of SIGN_IN: the account name as given (trimmed, lower-cased) at one address. */
export function signInKey(username: string, ip: string): string {
  return throttleKey(SIGN_IN, username.trim().toLowerCase(), addressKey(ip));
}

/** The key of SIGN_IN_ADDRESS. */
export function signInAddressKey(ip: string): string {
  return throttleKey(SIGN_IN_ADDRESS, addressKey(ip));
}

/** How long to wait, as a person reads it: "12 秒", "3 分钟", "1 小时 5 分钟". */
export function waitInWords(retryAt: Date, now: Date): string {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  if (seconds < 60) return `${seconds} 秒`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} 小时 ${minutes % 60} 分钟` : `${hours} 小时`;
}
