import { describe, expect, it } from "vitest";
import { agendaDocument, type AgendaDocumentData } from "./agenda";

const data: AgendaDocumentData = {
  cycleNumber: 12,
  onsiteDate: "2026年12月9日(星期三)",
  place: "市政务服务中心三楼会议室",
  leader: "李明(副市长)",
  secretaryGeneral: "王强(市政府副秘书长)",
  compiledBy: "潮州市政务服务数据管理局",
  approvalNote: null,
  slots: [
    {
      slot: "09:00—09:30",
      number: 4,
      title: "厂区道路",
      enterpriseName: "甲公司",
      leadName: "市交通运输局",
      attendees: ["市交通运输局", "湘桥区人民政府"],
      proposedOpinion: "建议限期修通",
    },
    {
      slot: "09:30—10:00",
      number: 1,
      title: "融资难",
      enterpriseName: "乙公司",
      leadName: "市金融工作局",
      attendees: ["市金融工作局"],
      proposedOpinion: null,
    },
  ],
};

function texts(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (Array.isArray(node)) return node.flatMap(texts);
  if (node && typeof node === "object") return Object.values(node).flatMap(texts);
  return [];
}

describe("the agenda document", () => {
  it("prints when, where, who, and the issues in slot order with who attends", () => {
    const all = texts(agendaDocument(data).content).join("\n");
    for (const s of [
      "现场活动议程",
      "2026年12月9日(星期三)",
      "市政务服务中心三楼会议室",
      "李明(副市长)",
      "王强(市政府副秘书长)",
    ])
      expect(all).toContain(s);
    const order = [
      "09:00—09:30",
      "第4号  厂区道路",
      "甲公司",
      "拟办意见:建议限期修通",
      "市交通运输局、湘桥区人民政府",
      "09:30—10:00",
      "第1号  融资难",
    ];
    const at = order.map((s) => all.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it("marks a draft for review, and an approved agenda with its version", () => {
    expect(texts(agendaDocument(data).content).join()).toContain("送审稿");
    const approved = texts(agendaDocument({ ...data, approvalNote: "第2版,市领导于…审定" }).content).join();
    expect(approved).toContain("第2版");
    expect(approved).not.toContain("送审稿");
  });

  it("shows an undecided place and an empty list plainly", () => {
    const all = texts(agendaDocument({ ...data, place: " ", slots: [] }).content).join();
    expect(all).toContain("待定");
    expect(all).toContain("尚未安排议题");
  });
});
