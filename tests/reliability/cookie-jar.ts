/** What a browser's cookie jar does with the answer's Set-Cookie headers: keeps each, or drops an expired one. */
export function keepCookies(jar: Map<string, string>, setCookies: string[]): void {
  for (const c of setCookies) {
    const [pair] = c.split(";");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) jar.delete(name);
    else jar.set(name, value);
  }
}
