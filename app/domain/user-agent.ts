/**
 * A browser's User-Agent header in a few words a person can read — "Chrome 131 · Windows",
 * "微信 8.0 · iPhone", "curl 8.5" — for the security log and the list of one's signed-in devices. The header
 * is whatever the client says; this only makes it short, it proves nothing.
 */

const BROWSERS: readonly [RegExp, string][] = [
  [/MicroMessenger\/(\d+(?:\.\d+)?)/, "微信"],
  [/DingTalk\/(\d+(?:\.\d+)?)/, "钉钉"],
  [/EdgA?\/(\d+)/, "Edge"],
  [/OPR\/(\d+)/, "Opera"],
  [/(?:UCBrowser|UBrowser)\/(\d+)/, "UC 浏览器"],
  [/QQBrowser\/(\d+)/, "QQ 浏览器"],
  [/SamsungBrowser\/(\d+)/, "三星浏览器"],
  [/HeadlessChrome\/(\d+)/, "Headless Chrome"],
  [/Firefox\/(\d+)/, "Firefox"],
  [/FxiOS\/(\d+)/, "Firefox"],
  [/CriOS\/(\d+)/, "Chrome"],
  [/Chrome\/(\d+)/, "Chrome"],
  [/Chromium\/(\d+)/, "Chromium"],
  [/Version\/(\d+(?:\.\d+)?).*Safari\//, "Safari"],
  [/^curl\/(\S+)/, "curl"],
  [/^Wget\/(\S+)/, "Wget"],
  [/python-requests\/(\S+)/, "python-requests"],
  [/^Python-urllib\/(\S+)/, "Python"],
  [/^(?:node|undici)(?:-fetch)?(?:\/(\S+))?/, "Node.js"],
  [/^Go-http-client\/(\S+)/, "Go"],
  [/^okhttp\/(\S+)/, "OkHttp"],
];

const SYSTEMS: readonly [RegExp, string][] = [
  [/HarmonyOS|OpenHarmony/, "鸿蒙"],
  [/iPhone/, "iPhone"],
  [/iPad/, "iPad"],
  [/Android/, "Android"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

const MAX = 40;

export function describeUserAgent(userAgent: string | null | undefined): string {
  const ua = (userAgent ?? "").trim();
  if (!ua) return "未知";
  let browser: string | null = null;
  for (const [re, name] of BROWSERS) {
    const m = re.exec(ua);
    if (m) {
      browser = m[1] ? `${name} ${m[1]}` : name;
      break;
    }
  }
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? null;
  if (browser) return system ? `${browser} · ${system}` : browser;
  // Unknown: its first word, cut short.
  const first = ua.split(/\s+/)[0];
  return first.length > MAX ? `${first.slice(0, MAX)}…` : first;
}
