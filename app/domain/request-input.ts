/**
 * Input the platform refuses at its edge, whatever the page: a control character in a field, and a URL
 * whose percent-encoding is broken. Pure.
 *
 * No field of the platform holds a control character other than tab and line breaks (a textarea's), and a
 * NUL cannot even be stored in a PostgreSQL text column: left in, it turns into a 500 deep inside a page.
 */

/** C0 controls and DEL, except tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

export type InputProblem = "malformed" | "control";

/** What is wrong with the fields of a query string or an urlencoded body (`a=1&b=2`), or null. */
export function formFieldsProblem(encoded: string): InputProblem | null {
  // URLSearchParams never throws: it reads a broken escape as U+FFFD, as Remix's parser does.
  for (const [name, value] of new URLSearchParams(encoded)) {
    if (hasControlCharacter(name) || hasControlCharacter(value)) return "control";
  }
  return null;
}

/**
 * What is wrong with a request target (`/path?query`), or null: a path that does not percent-decode (the
 * router would fail on it), or a control character in the decoded path or in a query parameter.
 */
export function requestTargetProblem(target: string): InputProblem | null {
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? "" : target.slice(q + 1);
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(path);
  } catch {
    return "malformed";
  }
  if (hasControlCharacter(decodedPath)) return "control";
  // Each name and value of the query must decode on its own (`+` is a space there).
  for (const pair of query.split("&")) {
    try {
      decodeURIComponent(pair.replace(/\+/g, " "));
    } catch {
      return "malformed";
    }
  }
  return formFieldsProblem(query);
}
