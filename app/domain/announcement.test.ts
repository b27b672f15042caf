import { describe, expect, it } from "vitest";
import { calendar2026 } from "../../tests/fixtures/calendar-2026";
import { bookingAnnouncement } from "./announcement";
import { planCycle } from "./cycle-schedule";

describe("booking announcement", () => {
  it("states the on-site day, the window and the three ways to book, from the cycle's dates", () => {
    const c = { ...planCycle(calendar2026, "2026-01", "2026-10"), leader: { name: "陈立新", title: "市长" } };
    const a = bookingAnnouncement(c, { city: "潮州市", office: "潮州市政务服务数据管理局" });
    const text = a.paragraphs.join("\n");
    expect(a.title).toBe("潮州市解决企业诉求“直通车”第10期现场活动预约公告");
    expect(text).toContain("2026年10月14日(星期三)举行");
    expect(text).toContain("市长陈立新");
    expect(text).toContain("2026年9月11日(星期五) 00:00起,至2026年10月8日(星期四) 00:00止");
    expect(text).toContain("12345");
    expect(text).toContain("难办事");
    expect(a.provisional).toBe(false);
  });
});
