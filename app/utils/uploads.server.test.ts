import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FORM_UNREADABLE, inMemory, onDisk, parseAppealForm, receiveForm, type UploadLimits } from "./uploads.server";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "latin1");

const limits: UploadLimits = {
  fileField: "attachments",
  maxFiles: 2,
  maxFileBytes: 1000,
  maxTotalBytes: 10_000,
  tooManyFiles: "附件最多 2 个",
  bodyTooLarge: "提交的内容过大",
  fileTooLarge: (name) => `“${name}”过大`,
};

/** A form as a browser (or Node's FormData, which encodes names the same way) sends it. */
function post(form: FormData | URLSearchParams | string, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/appeals/new", { method: "POST", body: form, headers });
}

/** A multipart body written by hand, for what no browser sends. */
function raw(parts: { disposition: string; body: string }[]): Request {
  const body =
    parts.map((p) => `--XyZ\r\nContent-Disposition: ${p.disposition}\r\n\r\n${p.body}\r\n`).join("") + "--XyZ--\r\n";
  return post(body, { "Content-Type": "multipart/form-data; boundary=XyZ" });
}

const NAMES = [
  "a=b;c.pdf",
  '报告"终稿"=v2;final.pdf',
  "it's (1) 😀 说明.pdf",
  `${"关于厂区道路施工的情况说明".repeat(15)}附件一.pdf`,
];

describe("receiveForm", () => {
  it("keeps every field and the name the user saw, whatever the name holds", async () => {
    for (const name of NAMES) {
      const form = new FormData();
      form.append("title", "厂区道路施工协调");
      form.append("attachments", new Blob([PDF]), name);
      form.append("content", "内容 = 有; 分号");
      const r = await receiveForm(post(form), { ...limits, maxFiles: 5 }, inMemory);
      expect(r.ok, name).toBe(true);
      if (!r.ok) continue;
      expect(r.files.map((f) => f.filename)).toEqual([name]);
      expect(Buffer.from(r.files[0].file)).toEqual(PDF);
      expect(r.fields.get("title")).toBe("厂区道路施工协调");
      expect(r.fields.get("content")).toBe("内容 = 有; 分号");
    }
  });

  it("reads RFC 5987 names, and refuses a part whose name it cannot read instead of dropping it", async () => {
    const starred = await receiveForm(
      raw([
        {
          disposition: `form-data; name="attachments"; filename="fallback.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%22x%22.pdf`,
          body: "x",
        },
      ]),
      limits,
      inMemory,
    );
    expect(starred.ok && starred.files[0].filename).toBe('报告"x".pdf');
    const unescaped = await receiveForm(
      raw([
        { disposition: `form-data; name="title"`, body: "标题" },
        { disposition: `form-data; name="attachments"; filename="a"b.pdf"`, body: "x" },
      ]),
      limits,
      inMemory,
    );
    expect(unescaped).toMatchObject({ ok: false, error: expect.stringContaining("文件名无法识别") });
  });

  it("never keeps a path: the name is the last segment only", async () => {
    const r = await receiveForm(
      raw([{ disposition: `form-data; name="attachments"; filename="../../etc/passwd.pdf"`, body: "x" }]),
      limits,
      inMemory,
    );
    expect(r.ok && r.files[0].filename).toBe("passwd.pdf");
  });

  it("refuses too many files, a file too large, a body too large, a field too long, in Chinese", async () => {
    const three = new FormData();
    for (let i = 0; i < 3; i++) three.append("attachments", new Blob([PDF]), `${i}.pdf`);
    expect(await receiveForm(post(three), limits, inMemory)).toMatchObject({ ok: false, error: "附件最多 2 个" });

    const large = new FormData();
    large.append("title", "留下的字段");
    large.append("attachments", new Blob([Buffer.alloc(1001)]), "大=文件.pdf");
    const tooLarge = await receiveForm(post(large), limits, inMemory);
    expect(tooLarge).toMatchObject({ ok: false, error: "“大=文件.pdf”过大" });
    expect(tooLarge.fields.get("title")).toBe("留下的字段");

    const body = new FormData();
    for (let i = 0; i < 20; i++) body.append(`f${i}`, "x".repeat(900));
    expect(await receiveForm(post(body), limits, inMemory)).toMatchObject({ ok: false, error: "提交的内容过大" });

    const field = new FormData();
    field.append("content", "长".repeat(30_000));
    expect(await receiveForm(post(field), { ...limits, maxTotalBytes: 1e6 }, inMemory)).toMatchObject({
      ok: false,
      error: expect.stringContaining("过长"),
    });
  });

  it("reads urlencoded forms with the same caps, and refuses what it cannot read", async () => {
    const r = await receiveForm(post(new URLSearchParams({ intent: "accept", a: '=;"' })), limits, inMemory);
    expect(r.ok && Object.fromEntries(r.fields)).toEqual({ intent: "accept", a: '=;"' });
    expect(await receiveForm(post("a=1", { "Content-Type": "text/plain" }), limits, inMemory)).toMatchObject({
      ok: false,
      error: FORM_UNREADABLE,
    });
  });
});

describe("files on disk", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zt-uploads-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("streams each file to a random name in the directory, and removes it when the form is refused", async () => {
    const form = new FormData();
    form.append("attachments", new Blob(["统一社会信用代码,企业名称\n"]), "../../法人库=2026;v1.csv");
    const r = await receiveForm(post(form), limits, onDisk(dir, "upload"));
    if (!r.ok) throw new Error(r.error);
    expect(r.files[0].filename).toBe("法人库=2026;v1.csv");
    expect(path.dirname(r.files[0].file)).toBe(dir);
    expect(path.basename(r.files[0].file)).toMatch(/^upload-[0-9a-f-]{36}$/);
    expect(readFileSync(r.files[0].file, "utf8")).toBe("统一社会信用代码,企业名称\n");
    rmSync(r.files[0].file);

    const refused = new FormData();
    refused.append("attachments", new Blob(["a"]), "1.csv");
    refused.append("attachments", new Blob([Buffer.alloc(1001)]), "2.csv");
    expect(await receiveForm(post(refused), limits, onDisk(dir, "upload"))).toMatchObject({ ok: false });
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});

describe("parseAppealForm", () => {
  it("gives back the fields with the reason when a file is refused", async () => {
    const form = new FormData();
    form.append("title", "标题");
    form.append("attachments", new Blob([Buffer.concat([PDF, Buffer.from("<html><script>x</script>")])]), "a=b.pdf");
    const r = await parseAppealForm(post(form));
    expect("error" in r && r.error).toContain("“a=b.pdf”在PDF内容之后附带了网页或脚本代码");
    expect(r.formData?.get("title")).toBe("标题");
  });
});
