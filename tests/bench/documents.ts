/**
 * `npm run bench:documents`: the printed catalog (企业问题目录) of 300 and of 1,000 issues, rendered by the
 * app's own template and renderer, each in a fresh Node process so that peak memory is the document's own.
 * Prints a Markdown table: pages, bytes, time, RSS before and at peak (sampled every 20 ms).
 *
 * The issues are synthetic but shaped like real ones: 15 departments, 9 categories, summaries of 60–240
 * characters, a department reply, a county opinion on one issue in seven, a proposed opinion on most.
 */
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { catalogDocument, type CatalogDocumentEntry } from "../../pdf-templates/catalog";
import { renderPdf } from "../../app/utils/pdf.server";

const DEPARTMENTS = ["市发展和改革局", "市工业和信息化局", "市科学技术局", "市财政局", "市人力资源和社会保障局"].concat(
  ["市自然资源局", "市生态环境局", "市住房和城乡建设局", "市交通运输局", "市水务局", "市商务局"],
  ["市应急管理局", "市市场监督管理局", "国家税务总局潮州市税务局", "市公安局"],
);
const CATEGORIES = ["用地与规划", "融资与金融服务", "审批与证照", "工业发展与技术改造", "人才与用工"].concat([
  "税费政策",
  "水电气与基础设施",
  "市场监管",
  "其他",
]);
const SENTENCE = "企业反映厂区周边道路建设滞后,影响原材料运输和产品外运,每月增加物流成本约十二万元。";

function entries(n: number): CatalogDocumentEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    number: i + 1,
    trackingNumber: `ZT20261120${String(i + 1).padStart(6, "0")}`,
    title: `关于企业诉求第${i + 1}件的协调请求`,
    enterpriseName: `潮州市某某${["纺织", "陶瓷", "食品", "五金"][i % 4]}有限公司`,
    regionName: ["湘桥区", "潮安区", "饶平县", "枫溪区", "潮州新区"][i % 5],
    categoryName: CATEGORIES[Math.floor(i / 3) % CATEGORIES.length],
    leadName: DEPARTMENTS[Math.floor((i * DEPARTMENTS.length) / n)],
    summary: SENTENCE.repeat(1 + (i % 4)),
    reply: "经现场核查,该路段已列入市政道路建设计划,我局将会同有关部门于本月内完成临时通道设置。",
    countyOpinion: i % 7 === 0 ? "县区已开展前期工作,因涉及跨区域用地,需市级层面统筹解决。" : null,
    proposedOpinion: i % 6 === 5 ? null : "建议由牵头部门会同有关部门限期办结,并向企业反馈。",
  }));
}

async function one(n: number) {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const bytes = await renderPdf(
    catalogDocument({
      cycleNumber: 12,
      onsiteDate: "2026年12月9日(星期三)",
      leader: "陈立新(市长)",
      secretaryGeneral: "许志远(市政府秘书长)",
      compiledBy: "潮州市政务服务数据管理局",
      printedOn: "2026年12月2日",
      sentNote: null,
      entries: entries(n),
    }),
  );
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const pages = (bytes.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length;
  console.log(JSON.stringify({ n, pages, bytes: bytes.length, ms, before, peak }));
}

if (process.argv[2] === "--one") {
  await one(Number(process.argv[3]));
} else {
  const rows = [300, 1000].map((n) => {
    const out = execFileSync(process.execPath, ["--import", "tsx", process.argv[1], "--one", String(n)], {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    });
    return JSON.parse(out.trim().split("\n").at(-1)!) as {
      n: number;
      pages: number;
      bytes: number;
      ms: number;
      before: number;
      peak: number;
    };
  });
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  console.log("| issues | pages | size | time | RSS before → peak |");
  console.log("| ---: | ---: | ---: | ---: | --- |");
  for (const r of rows)
    console.log(
      `| ${r.n} | ${r.pages} | ${(r.bytes / 1024 / 1024).toFixed(1)} MB | ${(r.ms / 1000).toFixed(1)} s | ${mb(r.before)} → ${mb(r.peak)} |`,
    );
}
