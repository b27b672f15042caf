import { describe, expect, it } from "vitest";
import { describeUserAgent } from "./user-agent";

describe("describeUserAgent", () => {
  it("names the browser, its major version and the system", () => {
    expect(
      describeUserAgent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      ),
    ).toBe("Chrome 131 · Windows");
    expect(
      describeUserAgent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
      ),
    ).toBe("Edge 131 · Windows");
    expect(
      describeUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari 17.5 · iPhone");
    expect(
      describeUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN",
      ),
    ).toBe("微信 8.0 · iPhone");
    expect(describeUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")).toBe(
      "Firefox 128 · Linux",
    );
    expect(
      describeUserAgent(
        "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
      ),
    ).toBe("Chrome 131 · Android");
  });

  it("names the usual scripts and tools", () => {
    expect(describeUserAgent("curl/8.5.0")).toBe("curl 8.5.0");
    expect(describeUserAgent("python-requests/2.31.0")).toBe("python-requests 2.31.0");
    expect(describeUserAgent("node")).toBe("Node.js");
  });

  it("cuts anything else to its first word, and says when there was nothing", () => {
    expect(describeUserAgent("SomeScanner/1.0 (+http://example.com)")).toBe("SomeScanner/1.0");
    expect(describeUserAgent("x".repeat(300))).toBe(`${"x".repeat(40)}…`);
    expect(describeUserAgent("")).toBe("未知");
    expect(describeUserAgent(null)).toBe("未知");
  });
});
