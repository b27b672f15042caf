/**
 * Uploads against the built app, as an attacker (and an unlucky user) would send them (issue 13, item 7):
 * file names with `=`, `;`, quotes, emoji and 200 characters work in the booking form, the window's intake,
 * a department's opinion and the registry import, with every other field intact and the name shown back;
 * polyglots, macro documents and packages with a program inside are refused with nothing stored; too many
 * files, too large a file, too long a field and a part whose name cannot be read are refused in Chinese
 * with nothing stored.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { REGISTRY_UPLOAD_DIR } from "../../app/services/registry-import.server";
import { compound, contentTypes, docx, exe, HTML, jpeg, pdf, png, xlsx } from "../fixtures/upload-files";
import { appealForm, ROAD_CONTENT, rowCount } from "./appeal-form";
import { appProcess, dropDatabase, freshDatabase, pgServer, type AppProcess, type PgServer } from "./app";
import { Client, idOf, screenToLead, type Sent, signIn } from "./sweep-helpers";

const DATABASE = "zt_rel_uploads";
const PORT = 3531;

/** Names a browser sends as they are (a quote as %22): each must come back as the user saw it. */
const NAMES = [
  "合同=附件;第1版.pdf",
  '报告"终稿"=v2;final.pdf',
  "it's (1) & co; 😀👍 现场照片.jpg",
  `${"关于厂区道路施工占道的情况说明".repeat(13)}附件.pdf`,
];

let server: PgServer;
let app: AppProcess;
let db: Kysely<Database>;
let enterprise: Client;
let windowClerk: Client;
let dept: Client;
let office: Client;

beforeAll(async () => {
  server = await pgServer({ name: "pg-rel-uploads", port: 54342 });
  const url = await freshDatabase(server, DATABASE);
  app = appProcess({ port: PORT, databaseUrl: url, env: { APP_NOW: "2026-11-20T10:00:00+08:00" } });
  await app.start();
  db = createDb(url, 2);
  [enterprise, windowClerk, dept, office] = await Promise.all(
    ["enterprise", "window", "dept", "office"].map((u) => signIn(app.url, u)),
  );
});

afterAll(async () => {
  await db?.destroy();
  await app?.stop();
  if (server) await dropDatabase(server, DATABASE);
  await server?.stop();
});

// ——— Helpers ———

const count = (table: "appeals" | "appeal_attachments" | "appeal_replies" | "registry_imports") => rowCount(db, table);

async function counts() {
  return {
    appeals: await count("appeals"),
    attachments: await count("appeal_attachments"),
    replies: await count("appeal_replies"),
  };
}

/** A page's text as the browser shows it (React escapes these five in text and attributes). */
function shown(html: string): string {
  return html
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

const trackingNumberOf = (r: Sent) => r.location!.split("/").pop()!.split("?")[0];

async function appealOf(trackingNumber: string) {
  return db
    .selectFrom("appeals")
    .select(["id", "title", "content", "contact_name", "contact_phone", "category_id"])
    .where("tracking_number", "=", trackingNumber)
    .executeTakeFirstOrThrow();
}

async function attachmentNames(appealId: number, replyId: number | null = null) {
  const rows = await db
    .selectFrom("appeal_attachments")
    .select(["id", "filename", "size"])
    .where("appeal_id", "=", appealId)
    .where("reply_id", replyId === null ? "is" : "=", replyId)
    .orderBy("id")
    .execute();
  return rows;
}

/** An appeal booked by the enterprise and screened to the demo department, accepted by it: ready for an opinion. */
async function acceptedByDepartment(): Promise<{ trackingNumber: string; appealId: number; assignmentId: number }> {
  const booked = await enterprise.post("/appeals/new", appealForm({ title: "待部门办理的诉求" }));
  expect(booked.status, booked.text.slice(0, 300)).toBe(302);
  const trackingNumber = trackingNumberOf(booked);
  const appeal = await appealOf(trackingNumber);
  const deptId = await idOf(db, "organisations", "name", "市工业和信息化局");
  const assignmentId = await screenToLead(db, appeal.id, deptId, new Date("2026-11-20T09:00:00+08:00"));
  const accepted = await dept.post(`/handling/${trackingNumber}`, {
    intent: "accept",
    assignmentId: String(assignmentId),
  });
  expect(accepted.status, accepted.text.slice(0, 300)).toBe(200);
  return { trackingNumber, appealId: appeal.id, assignmentId };
}

function opinionForm(assignmentId: number, body: string, files: [string, Uint8Array][]): FormData {
  const form = new FormData();
  form.append("intent", "opinion");
  form.append("assignmentId", String(assignmentId));
  form.append("body", body);
  form.append("submissionKey", randomUUID());
  for (const [name, bytes] of files) form.append("attachments", new Blob([new Uint8Array(bytes)]), name);
  return form;
}

/** Harmful files under innocent names, each with the reason it must be refused for. */
async function harmful(): Promise<[string, string, Uint8Array, RegExp][]> {
  return [
    ["a PNG followed by a web page", "现场=1;照片.png", Buffer.concat([png, HTML]), /在PNG 图片内容之后附带了网页或脚本代码/],
    ["a JPEG followed by a script", '现场"照片".jpg', Buffer.concat([jpeg, Buffer.from("<script>alert(1)</script>")]), /网页或脚本代码/],
    ["a PDF with HTML after %%EOF", "说明;材料.pdf", Buffer.concat([pdf, HTML]), /在PDF内容之后附带了网页或脚本代码/],
    ["a docx with a program inside", "情况说明.docx", await docx({ extra: { "word/media/setup.exe": exe } }), /内含可执行程序或脚本/],
    ["a docx with a program under an image's name", "说明.docx", await docx({ extra: { "word/media/image1.png": exe } }), /内含可执行程序或脚本/],
    ["a docx with vbaProject.bin", "宏=文档.docx", await docx({ extra: { "word/vbaProject.bin": compound("_VBA_PROJECT") } }), /含有宏/],
    ["a macro-enabled document renamed .docx", "宏.docx", await docx({ types: contentTypes([["/word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"]]) }), /含有宏/],
    ["a zip renamed .docx", "材料.docx", await docx({ types: null }), /缺少 \[Content_Types\]\.xml/],
    ["a legacy .doc with a VBA project", "旧版.doc", compound("WordDocument", "Macros", "_VBA_PROJECT"), /含有宏/],
    ["HTML named .pdf", "说明.pdf", HTML, /不是可接受的文件类型/],
  ]; // prettier-ignore
}

// ——— Tests ———

describe("any file name works, with every other field intact and the name shown back", () => {
  test("the enterprise's booking form", async () => {
    const before = await counts();
    const files: [string, Uint8Array][] = NAMES.map((n) => [n, n.endsWith(".jpg") ? jpeg : pdf]);
    files.push(["明细;2026=终版.xlsx", await xlsx()]);
    const title = '文件名含符号的诉求=;"';
    const r = await enterprise.post("/appeals/new", appealForm({ title, contactName: "陈=经理;" }, files));
    expect(r.status, shown(r.text).slice(0, 600)).toBe(302);
    const trackingNumber = trackingNumberOf(r);
    const appeal = await appealOf(trackingNumber);
    expect(appeal).toMatchObject({
      title,
      content: ROAD_CONTENT,
      contact_name: "陈=经理;",
      contact_phone: "13900003333",
      category_id: 1,
    });
    const stored = await attachmentNames(appeal.id);
    expect(stored.map((f) => f.filename)).toEqual(files.map(([n]) => n));
    expect(stored[0].size).toBe(pdf.length);
    expect((await counts()).attachments).toBe(before.attachments + files.length);

    const page = shown((await enterprise.get(`/appeals/${trackingNumber}`)).text);
    for (const [name] of files) expect(page, name).toContain(name);
    // The office downloads each under the same name.
    for (const f of stored) {
      const file = await office.get(`/admin/appeals/${trackingNumber}/attachments/${f.id}`);
      expect(file.status).toBe(200);
      const star = /filename\*=UTF-8''([^;]+)/.exec(file.headers.get("content-disposition") ?? "")![1];
      expect(decodeURIComponent(star)).toBe(f.filename);
    }
  });

  test("the window clerk's intake", async () => {
    const registered = await db
      .selectFrom("enterprises")
      .select(["credit_code", "name"])
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const r = await windowClerk.post(
      "/intake/new",
      appealForm(
        { creditCode: registered.credit_code, enterpriseName: registered.name, title: "窗口登记;文件名=测试" },
        [
          [NAMES[1], pdf],
          [NAMES[2], jpeg],
        ],
      ),
    );
    expect(r.status, shown(r.text).slice(0, 600)).toBe(302);
    const appeal = await appealOf(trackingNumberOf(r));
    expect(appeal.title).toBe("窗口登记;文件名=测试");
    expect(appeal.content).toBe(ROAD_CONTENT);
    expect((await attachmentNames(appeal.id)).map((f) => f.filename)).toEqual([NAMES[1], NAMES[2]]);
  });

  test("a department's opinion with attachments", async () => {
    const { trackingNumber, appealId, assignmentId } = await acceptedByDepartment();
    const body = "办理意见:已协调供电公司=本周内接入;请企业做好准备。";
    const r = await dept.post(
      `/handling/${trackingNumber}`,
      opinionForm(assignmentId, body, [
        [NAMES[0], pdf],
        [NAMES[1], pdf],
      ]),
    );
    expect(r.status, shown(r.text).slice(0, 600)).toBe(200);
    const reply = await db
      .selectFrom("appeal_replies")
      .select(["id", "body"])
      .where("appeal_id", "=", appealId)
      .executeTakeFirstOrThrow();
    expect(reply.body).toBe(body);
    expect((await attachmentNames(appealId, reply.id)).map((f) => f.filename)).toEqual([NAMES[0], NAMES[1]]);
    const page = shown((await dept.get(`/handling/${trackingNumber}`)).text);
    expect(page).toContain(NAMES[0]);
    expect(page).toContain(NAMES[1]);
  });

  test("the registry import: no 500, the name kept, and the file never where the name points", async () => {
    const csv = (await db.selectFrom("enterprises").select(["credit_code", "name"]).limit(2).execute())
      .map((e) => `${e.credit_code},${e.name}`)
      .join("\n");
    const escape = `zt-escape-${randomUUID()}.csv`;
    for (const name of ["法人库=2026;第1批.csv", '法人库"终版".csv', `../../../../tmp/${escape}`]) {
      const form = new FormData();
      form.append("file", new Blob([`统一社会信用代码,企业名称\n${csv}\n`]), name);
      const r = await office.post("/admin/registry", form);
      expect(r.status, `${name}: ${shown(r.text).slice(0, 300)}`).toBe(302);
      const id = Number(r.location!.split("/").pop());
      const stored = await db
        .selectFrom("registry_imports")
        .select(["filename", "status"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      expect(stored.filename).toBe(path.basename(name));
      // One import at a time: let this one finish.
      await expect
        .poll(
          async () =>
            (await db.selectFrom("registry_imports").select("status").where("id", "=", id).executeTakeFirstOrThrow())
              .status,
          { timeout: 30_000 },
        )
        .toBe("done");
      expect(shown((await office.get(`/admin/registry/imports/${id}`)).text)).toContain(path.basename(name));
    }
    expect(existsSync(path.join("/tmp", escape))).toBe(false);
    const onDisk = existsSync(REGISTRY_UPLOAD_DIR) ? readdirSync(REGISTRY_UPLOAD_DIR) : [];
    expect(onDisk.filter((n) => n.includes("法人库") || n.includes("zt-escape"))).toEqual([]);
  });
});

describe("harmful files are refused in Chinese and nothing is stored", () => {
  test("in the booking form", async () => {
    const before = await counts();
    for (const [what, name, bytes, reason] of await harmful()) {
      const r = await enterprise.post(
        "/appeals/new",
        appealForm({ title: `恶意附件测试${what}` }, [
          ["正常材料.pdf", pdf],
          [name, bytes],
        ]),
      );
      expect(r.status, what).toBe(400);
      expect(shown(r.text), what).toMatch(reason);
    }
    expect(await counts()).toEqual(before);
  });

  test("in a department's opinion", async () => {
    const { trackingNumber, assignmentId } = await acceptedByDepartment();
    const before = await counts();
    for (const [what, name, bytes, reason] of await harmful()) {
      const r = await dept.post(
        `/handling/${trackingNumber}`,
        opinionForm(assignmentId, "办理意见,附材料。", [[name, bytes]]),
      );
      expect(r.status, what).toBe(400);
      expect(shown(r.text), what).toMatch(reason);
    }
    expect(await counts()).toEqual(before);
  });
});

describe("caps: refused in Chinese, nothing stored", () => {
  test("too many files, too large a file, too long a field", async () => {
    const before = await counts();
    const six = Array.from({ length: 6 }, (_, i) => [`附件=${i};.pdf`, pdf] as [string, Uint8Array]);
    const tooMany = await enterprise.post("/appeals/new", appealForm({}, six));
    expect(tooMany.status).toBe(400);
    expect(shown(tooMany.text)).toMatch(/附件最多 5 个/);

    const big = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    const tooLarge = await enterprise.post("/appeals/new", appealForm({}, [["大=文件;.pdf", big]]));
    expect(tooLarge.status).toBe(400);
    expect(shown(tooLarge.text)).toMatch(/“大=文件;.pdf”超过 10 MB/);

    const tooLong = await enterprise.post(
      "/appeals/new",
      appealForm({ content: "长".repeat(30_000) }, [["a.pdf", pdf]]),
    );
    expect(tooLong.status).toBe(400);
    expect(shown(tooLong.text)).toMatch(/填写的内容过长/);

    const { trackingNumber, assignmentId } = await acceptedByDepartment();
    const mid = await counts();
    const opinion = await dept.post(`/handling/${trackingNumber}`, opinionForm(assignmentId, "办理意见,附材料。", six));
    expect(opinion.status).toBe(400);
    expect(shown(opinion.text)).toMatch(/附件最多 5 个/);
    expect(await counts()).toEqual(mid);
    expect(mid.attachments).toBe(before.attachments);
  });

  test("a part whose name cannot be read (an unescaped quote) is refused, not dropped in silence", async () => {
    const before = await counts();
    const fields = Object.entries({
      contactName: "陈经理",
      contactPhone: "13900003333",
      title: "未转义引号的文件名",
      content: ROAD_CONTENT,
      categoryId: "1",
      submissionKey: randomUUID(),
    });
    const body =
      fields.map(([k, v]) => `--B0und\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("") +
      `--B0und\r\nContent-Disposition: form-data; name="attachments"; filename="报告"终稿".pdf"\r\n` +
      `Content-Type: application/pdf\r\n\r\n${pdf.toString("latin1")}\r\n--B0und--\r\n`;
    const r = await enterprise.send("POST", "/appeals/new", {
      body: Buffer.from(body, "utf8"),
      headers: { "Content-Type": "multipart/form-data; boundary=B0und" },
    });
    expect(r.status).toBe(400);
    expect(shown(r.text)).toMatch(/文件名无法识别/);
    expect(await counts()).toEqual(before);
  });

  test("the registry import: one file at a time, nothing recorded otherwise", async () => {
    const imports = await count("registry_imports");
    const form = new FormData();
    form.append("file", new Blob(["统一社会信用代码,企业名称\n"]), "a=1;.csv");
    form.append("file", new Blob(["统一社会信用代码,企业名称\n"]), "b=2;.csv");
    const r = await office.post("/admin/registry", form);
    expect(r.status).toBe(400);
    expect(shown(r.text)).toMatch(/一次只能导入一个文件/);
    expect(await count("registry_imports")).toBe(imports);
  });
});
