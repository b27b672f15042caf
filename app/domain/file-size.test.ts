import { describe, expect, it } from "vitest";
import { formatFileSize } from "./file-size";

describe("formatFileSize", () => {
  it("reads an empty file as 0 KB and a few bytes as 1 KB, never 0", () => {
    expect(formatFileSize(0)).toBe("0 KB");
    expect(formatFileSize(1)).toBe("1 KB");
    expect(formatFileSize(511)).toBe("1 KB");
  });

  it("rounds to whole KB below a megabyte", () => {
    expect(formatFileSize(1024)).toBe("1 KB");
    expect(formatFileSize(1536)).toBe("2 KB");
    expect(formatFileSize(300 * 1024 + 100)).toBe("300 KB");
    expect(formatFileSize(1023 * 1024)).toBe("1023 KB");
  });

  it("switches to MB when the KB would round to 1024", () => {
    expect(formatFileSize(1024 * 1024 - 100)).toBe("1 MB");
    expect(formatFileSize(1024 * 1024)).toBe("1 MB");
  });

  it("gives MB to one decimal, without a trailing .0", () => {
    expect(formatFileSize(1.5 * 1024 * 1024)).toBe("1.5 MB");
    expect(formatFileSize(10 * 1024 * 1024)).toBe("10 MB");
    expect(formatFileSize(51 * 1024 * 1024)).toBe("51 MB");
    expect(formatFileSize(500 * 1024 * 1024)).toBe("500 MB");
    expect(formatFileSize(2.26 * 1024 * 1024)).toBe("2.3 MB");
  });
});
