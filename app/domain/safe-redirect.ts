/**
 * Where to send a person after signing in: only a path on this site. Pure; never throws.
 *
 * A redirect target is taken from the sign-in form or the query string, so an attacker writes it. Browsers
 * are lenient about what they take for a path: they drop tabs and newlines (`/\t/evil.example`), read a
 * backslash as a slash (`/\evil.example`), and a proxy or a later decoding step may turn `%2f` or `%5c`
 * into one. Rather than list the tricks, the target must be plain printable ASCII starting with one `/`,
 * and stay so through every decoding and through Unicode compatibility folding (`／` is `/`); anything
 * doubtful goes to the fallback.
 */

const MAX_LENGTH = 2048;
/** Percent-decoding rounds looked through: `%252f` is `%2f` after one and `/` after two. */
const DECODING_ROUNDS = 4;
/** Printable ASCII without the space: what a path, query and fragment are written in once encoded. */
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;
/** C0 controls, DEL and the C1 controls. */
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const ORIGIN = "http://redirect.invalid";

/** A form of the target that must still read as a path on this site. */
function looksLocal(form: string): boolean {
  if (!form.startsWith("/")) return false;
  if (form[1] === "/" || form[1] === "\\") return false;
  if (form.includes("\\") || CONTROL.test(form)) return false;
  // Whatever the WHATWG parser (the browser's) makes of it: the same origin, and no path that a second
  // reading would take for a host (`/.//evil.example` has the path `//evil.example`).
  let url: URL;
  try {
    url = new URL(form, ORIGIN);
  } catch {
    return false;
  }
  return url.origin === ORIGIN && !url.pathname.startsWith("//");
}

export function safeRedirect(to: unknown, fallback = "/workspace"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH) return fallback;
  if (!PRINTABLE_ASCII.test(to)) return fallback;
  let form = to;
  for (let round = 0; round <= DECODING_ROUNDS; round++) {
    if (!looksLocal(form) || !looksLocal(form.normalize("NFKC"))) return fallback;
    let decoded: string;
    try {
      decoded = decodeURIComponent(form);
    } catch {
      return fallback;
    }
    if (decoded === form) return to;
    form = decoded;
  }
  // Still changing after this many decodings: nobody writes a path like that.
  return fallback;
}
