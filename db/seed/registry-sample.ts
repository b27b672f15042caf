/**
 * A deterministic sample of the enterprise registry (法人库): a few hundred enterprises with valid GB 32100
 * codes in the city's regions, and a few registered outside the city.
 */
import { composeCreditCode, CREDIT_CODE_CHARSET } from "../../app/domain/credit-code";
import { COUNTIES } from "./demo-city";

export interface SampleEnterprise {
  credit_code: string;
  name: string;
  legal_representative: string;
  region_code: string;
  address: string;
  status: string;
  registered_on: string;
}

const TRADES = [
  "陶瓷",
  "卫浴",
  "日用瓷",
  "艺术瓷",
  "不锈钢制品",
  "食品",
  "凤凰单丛茶业",
  "婚纱晚礼服",
  "印刷包装",
  "电子",
  "水族器材",
  "五金",
  "塑料制品",
  "新材料",
  "纺织服装",
  "医药",
  "工艺品",
  "物流",
  "建材",
  "机械",
];
const WORDS = [
  "华盛",
  "金海",
  "恒达",
  "永兴",
  "顺发",
  "宏图",
  "嘉美",
  "信和",
  "联发",
  "鸿运",
  "东升",
  "瑞丰",
  "万利",
  "新宇",
  "创源",
  "德利",
  "汇丰",
  "荣达",
  "启航",
  "立信",
];
const SURNAMES = ["陈", "林", "黄", "李", "吴", "蔡", "许", "郑", "刘", "张", "杨", "谢", "詹", "苏", "王"];
const GIVEN = ["伟", "芳", "强", "敏", "军", "丽", "杰", "娟", "涛", "明", "华", "燕", "斌", "红", "平"];
const ROADS = ["枫春路", "潮州大道", "新桥路", "韩江大道", "凤新路", "永护路", "环城西路", "站前路"];

/** A small deterministic generator (mulberry32) so every seed makes the same registry. */
function random(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sampleRegistry(count = 300): SampleEnterprise[] {
  const rnd = random(445100);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const out: SampleEnterprise[] = [];
  const names = new Set<string>();
  for (let i = 0; out.length < count; i++) {
    const county = COUNTIES[i % COUNTIES.length];
    const trade = pick(TRADES);
    const name = `潮州市${county.short === "潮州新区" ? "新区" : county.short.replace(/[区县]$/, "")}${pick(WORDS)}${trade}${rnd() < 0.2 ? "股份" : ""}有限公司`;
    if (names.has(name)) continue;
    names.add(name);
    // Division digits: the county's code where it has one; the two administrations register under 湘桥区 and 潮安区.
    const division = county.region === "445171" ? "445102" : county.region === "445172" ? "445103" : county.region;
    const body = `MA${Array.from({ length: 6 }, () => pick(CREDIT_CODE_CHARSET.split(""))).join("")}`;
    const year = 2000 + Math.floor(rnd() * 25);
    out.push({
      credit_code: composeCreditCode("91", division, body),
      name,
      legal_representative: pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.5 ? pick(GIVEN) : ""),
      region_code: county.region,
      address: `广东省潮州市${county.short}${pick(ROADS)}${1 + Math.floor(rnd() * 300)}号`,
      status: rnd() < 0.95 ? "存续" : "注销",
      registered_on: `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rnd() * 28)).padStart(2, "0")}`,
    });
  }
  // Registered outside the city: their appeals are rejected as non-local (SPEC §4 step 2).
  out.push(
    {
      credit_code: composeCreditCode("91", "440300", "MA5F0001"),
      name: "深圳市海湾科技有限公司",
      legal_representative: "周明",
      region_code: "440300",
      address: "广东省深圳市南山区科技园",
      status: "存续",
      registered_on: "2016-05-12",
    },
    {
      credit_code: composeCreditCode("91", "445200", "MA4X0002"),
      name: "揭阳市榕江塑业有限公司",
      legal_representative: "方强",
      region_code: "445200",
      address: "广东省揭阳市榕城区",
      status: "存续",
      registered_on: "2018-03-02",
    },
  );
  return out;
}

/** The demo enterprise account's company. */
export const DEMO_ENTERPRISE_INDEX = 0;
