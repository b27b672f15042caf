/**
 * The rules for one row of a registry (法人库) import file: which columns the header names, and whether a
 * row is taken, taken with a warning, or rejected with a reason the platform office can act on.
 */
import { checkCreditCode, normalizeCreditCode } from "./credit-code";

/** A registry import's progress. */
export type RegistryImportStatus = "queued" | "running" | "done" | "failed";

export const REGISTRY_FIELDS = [
  "credit_code",
  "name",
  "legal_representative",
  "region_code",
  "address",
  "status",
  "registered_on",
] as const;

export type RegistryField = (typeof REGISTRY_FIELDS)[number];

/** The header each column carries in a file we write (the rejects report) and the one the page shows. */
export const REGISTRY_FIELD_LABEL: Record<RegistryField, string> = {
  credit_code: "统一社会信用代码",
  name: "企业名称",
  legal_representative: "法定代表人",
  region_code: "所属区域代码",
  address: "地址",
  status: "登记状态",
  registered_on: "成立日期",
};

/** Header names accepted for each column: the Chinese labels, a few usual variants, and English names. */
const HEADER_ALIASES: Record<RegistryField, string[]> = {
  credit_code: ["统一社会信用代码", "社会信用代码", "信用代码", "credit_code", "creditcode"],
  name: ["企业名称", "名称", "企业(机构)名称", "市场主体名称", "name"],
  legal_representative: ["法定代表人", "法定代表人(负责人)", "负责人", "legal_representative"],
  region_code: ["所属区域代码", "区域代码", "行政区划代码", "region_code"],
  address: ["地址", "住所", "经营场所", "address"],
  status: ["登记状态", "经营状态", "状态", "status"],
  registered_on: ["成立日期", "登记日期", "registered_on"],
};

export const REQUIRED_FIELDS: readonly RegistryField[] = ["credit_code", "name"];

/** A cell as a CSV or XLSX reader hands it over. */
export type RegistryCell = string | number | Date | boolean | null | undefined;

/** Full-width ASCII to half-width, ideographic space to space. */
function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

function headerKey(s: string): string {
  return toHalfWidth(s.replace(/^\uFEFF/, ""))
    .replace(/\s+/g, "")
    .toLowerCase();
}

const HEADER_LOOKUP = new Map<string, RegistryField>(
  REGISTRY_FIELDS.flatMap((f) => HEADER_ALIASES[f].map((alias) => [headerKey(alias), f] as const)),
);

export interface RegistryHeader {
  /** For each column of the file, the field it holds, or null for a column we do not use. */
  columns: (RegistryField | null)[];
  /** The fields the file has a column for (a field it lacks is left as it is on existing entries). */
  present: RegistryField[];
}

export type RegistryHeaderResult = { ok: true; header: RegistryHeader } | { ok: false; error: string };

/** Read the header row. Unknown columns are ignored, so a rejects report can be corrected and uploaded again. */
export function mapRegistryHeader(cells: readonly RegistryCell[]): RegistryHeaderResult {
  const columns: (RegistryField | null)[] = [];
  const seen = new Set<RegistryField>();
  for (const cell of cells) {
    const field = HEADER_LOOKUP.get(headerKey(cellToString(cell))) ?? null;
    if (field && seen.has(field)) {
      return { ok: false, error: `表头中“${REGISTRY_FIELD_LABEL[field]}”列出现了不止一次` };
    }
    if (field) seen.add(field);
    columns.push(field);
  }
  const missing = REQUIRED_FIELDS.filter((f) => !seen.has(f));
  if (missing.length > 0) {
    return {
      ok: false,
      error: `第1行应为表头,缺少必需的列:${missing.map((f) => REGISTRY_FIELD_LABEL[f]).join("、")}`,
    };
  }
  return { ok: true, header: { columns, present: REGISTRY_FIELDS.filter((f) => seen.has(f)) } };
}

/** A row's cells by field, as the file had them (missing columns are undefined). */
export type RegistryRowCells = Partial<Record<RegistryField, RegistryCell>>;

export function rowCells(header: RegistryHeader, cells: readonly RegistryCell[]): RegistryRowCells {
  const row: RegistryRowCells = {};
  header.columns.forEach((field, i) => {
    if (field) row[field] = cells[i];
  });
  return row;
}

/** An entry ready to be written to `enterprises`. */
export interface RegistryEntry {
  credit_code: string;
  name: string;
  legal_representative: string | null;
  region_code: string | null;
  address: string | null;
  status: string;
  /** YYYY-MM-DD */
  registered_on: string | null;
}

export const BAD_CHECK_CHARACTER_WARNING = "校验码不符(已导入,待核实)";

export type RegistryRowResult =
  { ok: true; entry: RegistryEntry; warning: string | null } | { ok: false; reason: string };

const MAX_LENGTH: Record<Exclude<RegistryField, "credit_code" | "registered_on" | "region_code">, number> = {
  name: 200,
  legal_representative: 100,
  address: 500,
  status: 50,
};

/** The registration status when the cell is empty: the registry's own default (存续, in business). */
export const DEFAULT_STATUS = "存续";

/**
 * Apply the row rules: the code is normalised (full-width, spaces, case) and must have the GB 32100 shape;
 * a wrong check character is imported and flagged, because real codes issued before 2016 fail it; code and
 * name are required; the date must be a real date. Every problem of the row is named, not just the first.
 */
export function parseRegistryRow(cells: RegistryRowCells): RegistryRowResult {
  const problems: string[] = [];

  const rawCode = cellToString(cells.credit_code);
  const code = normalizeCreditCode(rawCode);
  let warning: string | null = null;
  if (code === "") {
    problems.push("缺少统一社会信用代码");
  } else {
    const check = checkCreditCode(code);
    if (check === "bad_shape") problems.push(`统一社会信用代码格式不对(应为18位数字或大写字母):${rawCode.trim()}`);
    if (check === "bad_check_character") warning = BAD_CHECK_CHARACTER_WARNING;
  }

  const text = (field: keyof typeof MAX_LENGTH): string | null => {
    const v = cleanText(cells[field]);
    if (v !== null && v.length > MAX_LENGTH[field]) {
      problems.push(`${REGISTRY_FIELD_LABEL[field]}超过${MAX_LENGTH[field]}个字`);
    }
    return v;
  };
  const name = text("name");
  if (name === null) problems.push("缺少企业名称");
  const legalRepresentative = text("legal_representative");
  const address = text("address");
  const status = text("status") ?? DEFAULT_STATUS;

  const regionCode = cleanText(cells.region_code);
  if (regionCode !== null && !/^\d{6}$/.test(regionCode)) {
    problems.push(`所属区域代码应为6位数字:${regionCode}`);
  }

  const date = parseRegistrationDate(cells.registered_on);
  if (date === "invalid") problems.push(`成立日期无法识别:${cellToString(cells.registered_on).trim()}`);

  if (problems.length > 0 || name === null) return { ok: false, reason: problems.join(";") };
  return {
    ok: true,
    entry: {
      credit_code: code,
      name,
      legal_representative: legalRepresentative,
      region_code: regionCode,
      address,
      status,
      registered_on: date === "invalid" ? null : date,
    },
    warning,
  };
}

/** Trimmed text with runs of white space made one space; empty is null. */
function cleanText(cell: RegistryCell): string | null {
  const s = cellToString(cell)
    .replace(/[\s\u3000]+/g, " ")
    .trim();
  return s === "" ? null : s;
}

/** A cell as text: numbers without a trailing ".0", dates as YYYY-MM-DD. */
export function cellToString(cell: RegistryCell): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : cell.toISOString().slice(0, 10);
  return String(cell);
}

// Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for (serials from 61 on).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * 成立日期 as YYYY-MM-DD: 2015-03-01, 2015/3/1, 2015.3.1, 20150301, 2015年3月1日, an XLSX date cell
 * (a Date at UTC midnight), or an Excel serial day number. Empty is null; anything else is "invalid".
 */
export function parseRegistrationDate(cell: RegistryCell): string | null | "invalid" {
  if (cell === null || cell === undefined) return null;
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return "invalid";
    return checkedDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  }
  if (typeof cell === "number") {
    if (!Number.isInteger(cell) || cell < 61 || cell > 73_050) return "invalid";
    const d = new Date(EXCEL_EPOCH_MS + cell * DAY_MS);
    return checkedDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  const s = toHalfWidth(String(cell)).trim();
  if (s === "") return null;
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]0{1,2}:0{2}(?::0{2})?)?$/.exec(s) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return "invalid";
  return checkedDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function checkedDate(year: number, month: number, day: number): string | "invalid" {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return "invalid";
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return "invalid";
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The cells of a row in the standard column order, as stored for the rejects report. */
export function standardCells(cells: RegistryRowCells): string[] {
  return REGISTRY_FIELDS.map((f) => cellToString(cells[f]));
}
