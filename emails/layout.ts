/**
 * What every message shares: HTML escaping, one plain layout for email (HTML and text from the same parts),
 * and the SMS signature. Templates pass plain strings only; every string is escaped here, so no template
 * builds HTML by hand.
 */
import { CITY } from "../app/utils/city";

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

export interface SmsContent {
  text: string;
}

/** The signature a Chinese SMS gateway expects at the start of every message. */
export const SMS_SIGNATURE = "【直通车】";

const PLATFORM_NAME = `${CITY.city}解决企业诉求“直通车”平台`;

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Long titles are cut in SMS, which are billed by length. */
export function clip(value: string, max: number): string {
  const chars = [...value.trim()];
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : chars.join("");
}

/** "2026-11-11" → "11月11日", short enough for an SMS. */
export function shortDateZh(date: string): string {
  const [, m, d] = date.split("-").map(Number);
  return `${m}月${d}日`;
}

export interface EmailParts {
  subject: string;
  greeting: string;
  paragraphs: string[];
  facts: [label: string, value: string][];
  /** Said after the facts: what happens next, whom to ask. */
  closing?: string[];
}

export function renderEmail(parts: EmailParts): EmailContent {
  const closing = parts.closing ?? [];
  const footer = `本邮件由${PLATFORM_NAME}自动发送,请勿直接回复。`;

  const text = [
    parts.greeting,
    "",
    ...parts.paragraphs.flatMap((p) => [p, ""]),
    ...parts.facts.map(([label, value]) => `${label}:${value}`),
    "",
    ...closing.flatMap((p) => [p, ""]),
    "——",
    footer,
  ].join("\n");

  const p = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`;
  const rows = parts.facts
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="text-align:left;padding:6px 12px 6px 0;color:#555;font-weight:normal;white-space:nowrap;vertical-align:top">${escapeHtml(label)}</th>` +
        `<td style="padding:6px 0">${escapeHtml(value)}</td></tr>`,
    )
    .join("");
  const html = [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${escapeHtml(parts.subject)}</title></head>`,
    "<body style=\"margin:0;padding:24px;background:#f5f6f8;font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;font-size:15px;line-height:1.7;color:#1f2329\">",
    '<div style="max-width:600px;margin:0 auto;background:#fff;border-top:4px solid #b3261e;padding:24px">',
    `<h1 style="font-size:18px;margin:0 0 16px">${escapeHtml(parts.subject)}</h1>`,
    p(parts.greeting),
    ...parts.paragraphs.map(p),
    rows ? `<table style="border-collapse:collapse;margin:4px 0 16px">${rows}</table>` : "",
    ...closing.map(p),
    `<p style="margin:24px 0 0;font-size:13px;color:#888">${escapeHtml(footer)}</p>`,
    "</div></body></html>",
  ].join("");

  return { subject: parts.subject, html, text };
}
