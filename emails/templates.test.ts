import { describe, expect, it } from "vitest";
import { appealReceiptEmail, appealReceiptSms, type AppealReceiptData } from "./appeal-receipt";
import { assignmentNoticeEmail, assignmentNoticeSms, type AssignmentNoticeData } from "./assignment-notice";
import { escapeHtml } from "./layout";
import { registryConfirmedEmail, registryConfirmedSms } from "./registry-confirmed";
import { screeningResultEmail, screeningResultSms, type ScreeningResultData } from "./screening-result";

const SCRIPT_TITLE = `扩建用地<script>alert("x")</script>审批 & "进度"`;
const CLOSED_SENTENCE = "本期预约已截止";

const receipt: AppealReceiptData = {
  trackingNumber: "ZT20261120000123",
  title: "厂房扩建用地审批进度咨询",
  enterpriseName: "潮州市示例陶瓷有限公司",
  contactName: "陈先生",
  receivedAt: new Date("2026-11-20T10:15:00+08:00"),
  cycleNumber: 11,
  onsiteDate: "2026-11-11",
  receivedWhileClosed: false,
  screeningDueAt: new Date("2026-11-25T23:59:59.999+08:00"),
};

describe("escapeHtml", () => {
  it("escapes the five characters that matter in HTML text and attributes", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });
});

describe("appeal receipt", () => {
  it("gives the tracking number, title, cycle and on-site day in Chinese", () => {
    const mail = appealReceiptEmail(receipt);
    expect(mail.subject).toBe("诉求受理回执(受理编号 ZT20261120000123)");
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain("ZT20261120000123");
      expect(body).toContain("厂房扩建用地审批进度咨询");
      expect(body).toContain("第11期");
      expect(body).toContain("2026年11月11日(星期三)");
      expect(body).toContain("2026年11月25日(星期三) 24:00");
    }
    const sms = appealReceiptSms(receipt).text;
    expect(sms.startsWith("【直通车】")).toBe(true);
    expect(sms).toContain("受理编号ZT20261120000123");
    expect(sms).toContain("第11期");
    expect(sms).toContain("11月11日");
  });

  it("says the appeal belongs to the next cycle only when it came in while the window was closed", () => {
    const open = [appealReceiptEmail(receipt), appealReceiptSms(receipt)];
    for (const m of open) expect(JSON.stringify(m)).not.toContain(CLOSED_SENTENCE);

    const closed = { ...receipt, receivedWhileClosed: true, cycleNumber: 12, onsiteDate: "2026-12-09" };
    const mail = appealReceiptEmail(closed);
    const sms = appealReceiptSms(closed).text;
    for (const body of [mail.text, mail.html, sms]) {
      expect(body).toContain(CLOSED_SENTENCE);
      expect(body).toContain("下一期即第12期");
    }
    expect(mail.text).toContain("2026年12月9日(星期三)");
    expect(sms).toContain("12月9日");
  });

  it("tells an enterprise whose details wait for the registry review, instead of a screening date", () => {
    const mail = appealReceiptEmail({ ...receipt, screeningDueAt: null });
    expect(mail.text).toContain("市市场监督管理局核实");
    expect(mail.text).not.toContain("前完成甄别");
  });

  it("escapes a <script> in the title and the enterprise name in the HTML; the text stays as written", () => {
    const mail = appealReceiptEmail({ ...receipt, title: SCRIPT_TITLE, enterpriseName: "<b>某公司</b>" });
    expect(mail.html).not.toContain("<script");
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).toContain("扩建用地&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;审批 &amp; &quot;进度&quot;");
    expect(mail.html).toContain("&lt;b&gt;某公司&lt;/b&gt;");
    expect(mail.text).toContain(SCRIPT_TITLE);
  });

  it("clips a long title in the SMS", () => {
    const sms = appealReceiptSms({ ...receipt, title: "长".repeat(80) }).text;
    expect(sms).toContain(`“${"长".repeat(30)}…”`);
  });
});

describe("screening result", () => {
  const base: Omit<ScreeningResultData, "outcome"> = {
    trackingNumber: receipt.trackingNumber,
    title: receipt.title,
    enterpriseName: receipt.enterpriseName,
    contactName: receipt.contactName,
    screenedAt: new Date("2026-11-23T09:30:00+08:00"),
  };

  it("rejected: says so with the reason", () => {
    const d = { ...base, outcome: { kind: "rejected" as const, reason: "涉及诉讼、仲裁、行政复议或信访程序" } };
    const mail = screeningResultEmail(d);
    expect(mail.subject).toContain("不予受理");
    expect(mail.text).toContain("理由:涉及诉讼、仲裁、行政复议或信访程序");
    expect(screeningResultSms(d).text).toContain("不予受理。理由:涉及诉讼、仲裁、行政复议或信访程序");
  });

  it("county: names the county", () => {
    const d = { ...base, outcome: { kind: "county" as const, countyName: "湘桥区人民政府" } };
    expect(screeningResultEmail(d).text).toContain("已转湘桥区人民政府办理");
    expect(screeningResultSms(d).text).toContain("已转湘桥区人民政府办理");
  });

  it("city: names the lead and the co-departments, and escapes them", () => {
    const d = {
      ...base,
      outcome: {
        kind: "city" as const,
        leadDepartment: "市自然资源局",
        coDepartments: ["市住房和城乡建设局", "<i>市税务局</i>"],
      },
    };
    const mail = screeningResultEmail(d);
    expect(mail.text).toContain("牵头部门为市自然资源局,协办部门为市住房和城乡建设局、<i>市税务局</i>");
    expect(mail.html).toContain("&lt;i&gt;市税务局&lt;/i&gt;");
    expect(mail.html).not.toContain("<i>");
    const alone = screeningResultEmail({ ...d, outcome: { ...d.outcome, coDepartments: [] } });
    expect(alone.text).not.toContain("协办部门");
  });
});

describe("assignment notice", () => {
  const notice: AssignmentNoticeData = {
    trackingNumber: receipt.trackingNumber,
    title: SCRIPT_TITLE,
    enterpriseName: receipt.enterpriseName,
    organisationName: "市自然资源局",
    role: "lead",
    assignedAt: new Date("2026-11-23T09:30:00+08:00"),
    acceptDueAt: new Date("2026-11-24T09:30:00+08:00"),
  };

  it("gives the deadline to accept or dispute, the role and the enterprise", () => {
    const mail = assignmentNoticeEmail(notice);
    expect(mail.subject).toBe("诉求交办通知:请于2026年11月24日(星期二) 09:30前接收(受理编号 ZT20261120000123)");
    expect(mail.text).toContain("市自然资源局:");
    expect(mail.text).toContain("牵头部门");
    expect(mail.text).toContain("潮州市示例陶瓷有限公司");
    expect(mail.text).toContain("提出异议");
    expect(mail.html).not.toContain("<script");
    const sms = assignmentNoticeSms(notice).text;
    expect(sms).toContain("请于2026年11月24日(星期二) 09:30前登录平台接收或提出异议");
    expect(sms).toContain("受理编号ZT20261120000123");
  });
});

describe("registry confirmed", () => {
  const d = {
    trackingNumber: "ZT20261120000124",
    title: SCRIPT_TITLE,
    enterpriseName: "潮州市示例陶瓷有限公司",
    contactName: "陈先生",
    confirmedAt: new Date("2026-11-20T11:00:00+08:00"),
    screeningDueAt: new Date("2026-11-25T23:59:59.999+08:00"),
  };
  it("says the details were confirmed and when screening is due, with the title escaped in HTML", () => {
    const mail = registryConfirmedEmail(d);
    expect(mail.text).toContain("2026年11月25日(星期三) 24:00");
    expect(mail.html).not.toContain("<script>");
    expect(registryConfirmedSms(d).text).toContain("企业信息已核实");
  });
});
