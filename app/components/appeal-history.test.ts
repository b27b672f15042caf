import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { UNKNOWN_ACTION_LABEL } from "~/domain/labels";
import { appealHistoryItems, publicHistoryItems } from "~/utils/appeal-history";
import { AppealHistory } from "./appeal-history";

describe("the appeal history", () => {
  it("a history row with an unknown action and status shows the fallback, and its facts, not the keys", () => {
    const rows = [
      {
        id: 1,
        at: new Date("2026-11-20T09:00:00+08:00"),
        action: "received",
        fromStatus: null,
        toStatus: "screening",
        reason: null,
        publicNote: "您的诉求已受理。",
        actorName: "窗口 陈敏",
      },
      {
        id: 2,
        at: new Date("2026-11-21T10:00:00+08:00"),
        action: "legacy.merged_into",
        fromStatus: "screening",
        toStatus: "merged",
        reason: "与另一诉求合并",
        publicNote: null,
        actorName: null,
      },
    ];
    const items = appealHistoryItems(rows);
    expect(items[0]).toMatchObject({ action: "受理登记", from: null, to: "待甄别", actor: "窗口 陈敏" });
    expect(items[1]).toMatchObject({
      action: UNKNOWN_ACTION_LABEL,
      from: "待甄别",
      to: "其他状态",
      actor: "系统",
      reason: "与另一诉求合并",
    });
    const html = renderToStaticMarkup(createElement(AppealHistory, { items }));
    expect(html).toContain("其他操作");
    expect(html).toContain("与另一诉求合并");
    expect(html).toContain("告知企业:您的诉求已受理。");
    expect(html).not.toContain("legacy.merged_into");
    expect(html).not.toContain("merged");
    expect(html).not.toContain("received");
  });

  it("the enterprise reads only what it was told, without staff names or reasons", () => {
    const html = renderToStaticMarkup(
      createElement(AppealHistory, {
        label: "办理进度",
        items: publicHistoryItems([
          {
            id: 1,
            at: new Date("2026-11-20T09:00:00+08:00"),
            action: "received",
            fromStatus: null,
            toStatus: "screening",
            reason: "内部备注",
            publicNote: "您的诉求已受理。",
            actorName: "窗口 陈敏",
          },
          {
            id: 2,
            at: new Date("2026-11-21T09:00:00+08:00"),
            action: "clock_reminder",
            fromStatus: "city",
            toStatus: "city",
            reason: "提醒市工业和信息化局",
            publicNote: null,
            actorName: null,
          },
        ]),
      }),
    );
    expect(html).toContain('aria-label="办理进度"');
    expect(html).toContain("您的诉求已受理。");
    expect(html).not.toContain("陈敏");
    expect(html).not.toContain("内部备注");
    expect(html).not.toContain("提醒市工业和信息化局");
    expect(html.match(/<li>/g)).toHaveLength(1);
  });
});
