import { describe, expect, it } from "vitest";
import { ledgerDocument } from "./ledger";

function texts(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (Array.isArray(node)) return node.flatMap(texts);
  if (node && typeof node === "object") return Object.values(node).flatMap(texts);
  return [];
}

describe("the ledger document", () => {
  const row = {
    cycle: "第12期",
    trackingNumber: "ZT20261120000001",
    enterpriseName: "甲公司",
    title: "厂区道路",
    organisationName: "市交通运输局",
    decision: "限期接通",
    dueDate: "2026年12月31日",
    commitment: "责任领导王局长",
    state: "办理中",
    outcome: "—",
  };
  it("prints one row per task on landscape A4, with its scope and count", () => {
    const doc = ledgerDocument({
      scope: "第12期",
      issuer: "市政府督查室",
      printedOn: "2026年12月30日",
      rows: [row, { ...row, trackingNumber: "ZT20261120000002" }],
    });
    expect(doc.pageOrientation).toBe("landscape");
    const all = texts(doc.content).join("\n");
    expect(all).toContain("“直通车”交办任务台账(第12期)");
    expect(all.match(/ZT2026112000000\d/g)).toEqual(["ZT20261120000001", "ZT20261120000002"]);
    expect(all).toContain("共 2 项");
  });

  it("says so when there is nothing", () => {
    const doc = ledgerDocument({ scope: "全部期次", issuer: "市政府督查室", printedOn: "2026年12月30日", rows: [] });
    expect(texts(doc.content).join()).toContain("没有交办任务");
  });
});
