import { describe, expect, it } from "vitest";
import { opinionsDocument, type OpinionsDocumentData } from "./opinions";

const data: OpinionsDocumentData = {
  cycleNumber: 12,
  onsiteDate: "2026年12月9日(星期三)",
  leader: "陈立新(市长)",
  issuer: "潮州市政务服务数据管理局",
  issuedOn: "2026年12月9日",
  commitmentsDue: "2026年12月14日(星期一) 24:00",
  approvalNote: null,
  items: [
    {
      number: 3,
      title: "厂区道路",
      enterpriseName: "甲公司",
      summary: "道路未通",
      decision: "限期接通",
      leadName: "市交通运输局",
      coNames: ["市自然资源局", "湘桥区人民政府"],
      dueDate: "2027年6月30日",
    },
    {
      number: 1,
      title: "技改补助",
      enterpriseName: "乙公司",
      summary: "补助未兑现",
      decision: null,
      leadName: null,
      coNames: [],
      dueDate: null,
    },
  ],
};

function texts(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (Array.isArray(node)) return node.flatMap(texts);
  if (node && typeof node === "object") return Object.values(node).flatMap(texts);
  return [];
}

describe("the handling opinions document", () => {
  it("numbers each issue in the order given, with the request, decision, departments and time limit", () => {
    const all = texts(opinionsDocument(data).content).join("\n");
    const order = [
      "企业请求协调解决事项处理意见",
      "2026年12月14日(星期一) 24:00前在平台公布办理承诺",
      "一、关于甲公司“厂区道路”的诉求(第3号)",
      "道路未通",
      "限期接通",
      "市交通运输局牵头,市自然资源局、湘桥区人民政府配合。",
      "2027年6月30日前办结。",
      "二、关于乙公司“技改补助”的诉求(第1号)",
      "(尚未记录)",
      "潮州市政务服务数据管理局",
    ];
    const at = order.map((s) => all.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it("is a draft for review until approved", () => {
    expect(texts(opinionsDocument(data).content).join()).toContain("送审稿");
    const approved = texts(opinionsDocument({ ...data, approvalNote: "市领导于…审定" }).content).join();
    expect(approved).toContain("市领导于…审定");
    expect(approved).not.toContain("送审稿");
  });
});
