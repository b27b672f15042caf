/** 预约公告: the booking announcement of a cycle, generated from its dates (SPEC §5). */
import { formatDateZh, formatInstantZh } from "./calendar";
import type { CycleInput } from "./schedule-json";

export interface Announcement {
  title: string;
  paragraphs: string[];
  signature: string;
  provisional: boolean;
}

export function bookingAnnouncement(c: CycleInput, opts: { city: string; office: string }): Announcement {
  const leader = c.leader ? `${c.leader.title}${c.leader.name}` : "市政府领导";
  const paragraphs = [
    `为打造企业办事的“快速通道”,面对面研究解决企业困难诉求,${opts.city}解决企业诉求“直通车”第${c.number}期现场活动定于${formatDateZh(c.onsiteDate)}举行,由${leader}出席,现场研究处理企业反映的诉求问题。现将预约事项公告如下:`,
    `一、预约时间:${formatInstantZh(c.bookingOpensAt)}起,至${formatInstantZh(c.bookingClosesAt)}止。预约截止后提交的诉求,顺延至下一期办理。`,
    "二、预约方式:(一)登录“直通车”平台在线提交诉求;(二)到市政务服务大厅“难办事”直通车窗口现场登记;(三)拨打“12345政务服务便民热线”登记。",
    "三、所需信息:企业名称、统一社会信用代码、联系人及手机号码、诉求标题与具体内容、诉求类别,可附相关材料。平台将与法人库信息比对企业信息。",
    "四、办理流程:平台在收到诉求后3个工作日内完成甄别,属县区职能范围的转县区处理,属市级的转市直有关职能部门办理;列入现场活动的企业将另行通知参加时间与地点。涉及司法诉讼等问题及非本市注册企业提交的问题原则上不予受理。",
  ];
  return {
    title: `${opts.city}解决企业诉求“直通车”第${c.number}期现场活动预约公告`,
    paragraphs,
    signature: opts.office,
    provisional: c.provisionalYears.length > 0,
  };
}
