/** A browser's User-Agent as a person recognises it ("Chrome · Windows", "微信 · iPhone"), for lists of sessions. */
export function describeUserAgent(ua: string | null | undefined): string {
  if (!ua) return "未知设备";
  const browser =
    (/MicroMessenger/i.test(ua) && "微信") ||
    (/DingTalk/i.test(ua) && "钉钉") ||
    (/Edg\//.test(ua) && "Edge") ||
    (/(OPR|Opera)\//.test(ua) && "Opera") ||
    (/Firefox\//.test(ua) && "Firefox") ||
    (/(Chrome|Chromium|CriOS)\//.test(ua) && "Chrome") ||
    (/Safari\//.test(ua) && /Version\//.test(ua) && "Safari") ||
    (/curl\//i.test(ua) && "curl") ||
    "浏览器";
  const system =
    (/iPhone/.test(ua) && "iPhone") ||
    (/iPad/.test(ua) && "iPad") ||
    (/Android/.test(ua) && "Android") ||
    (/HarmonyOS|OpenHarmony/.test(ua) && "鸿蒙") ||
    (/Windows/.test(ua) && "Windows") ||
    (/Mac OS X|Macintosh/.test(ua) && "macOS") ||
    (/CrOS/.test(ua) && "ChromeOS") ||
    (/Linux/.test(ua) && "Linux") ||
    null;
  return system ? `${browser} · ${system}` : browser;
}
