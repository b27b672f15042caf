import { describe, expect, it } from "vitest";
import {
  compound,
  contentTypes,
  docx,
  exe,
  HTML,
  jpeg,
  pdf,
  png,
  SHEET_MAIN,
  withThumbnail,
  xlsx,
} from "../../tests/fixtures/upload-files";
import {
  attachmentDisposition,
  checkAttachments,
  decodeFormFilename,
  displayFilename,
  jpegEnd,
  MAX_ATTACHMENT_BYTES,
  MAX_FILENAME_CHARS,
  MAX_PACKAGE_ENTRIES,
  pdfEnd,
  pngEnd,
  sniffType,
} from "./attachment";

async function problem(filename: string, bytes: Uint8Array): Promise<string> {
  const r = await checkAttachments([{ filename, bytes }]);
  return r.ok ? "" : r.problem.message;
}

// ——— Tests ———

describe("the type read from the content", () => {
  it("knows PDF, PNG, JPEG and Office files, and nothing else", async () => {
    expect(sniffType(pdf, "a.pdf")?.mediaType).toBe("application/pdf");
    expect(sniffType(png, "a.png")?.mediaType).toBe("image/png");
    expect(sniffType(jpeg, "a.jpg")?.mediaType).toBe("image/jpeg");
    expect(sniffType(await docx(), "a.docx")?.label).toBe("Word 文档");
    expect(sniffType(await xlsx(), "a.xlsx")?.label).toBe("Excel 表格");
    expect(sniffType(exe, "a.pdf")).toBeNull();
    expect(sniffType(HTML, "a.pdf")).toBeNull();
  });

  it("accepts real files of every kind", async () => {
    const files = [
      { filename: "说明.pdf", bytes: pdf },
      { filename: "现场.png", bytes: png },
      { filename: "现场照片.jpg", bytes: jpeg },
      { filename: "情况说明.docx", bytes: await docx() },
      { filename: "明细.xlsx", bytes: await xlsx() },
    ];
    const r = await checkAttachments(files);
    expect(r).toMatchObject({ ok: true });
    expect(r.ok && r.types.map((t) => t.extensions[0])).toEqual(["pdf", "png", "jpg", "docx", "xlsx"]);
    expect(await problem("旧版.doc", compound("WordDocument", "1Table"))).toBe("");
  });

  it("refuses a program named .pdf, a PDF named .docx, too many, too large and empty files", async () => {
    expect(await problem("合同.pdf", exe)).toContain("不是可接受的文件类型");
    expect(await problem("说明.docx", pdf)).toContain("与文件扩展名不符");
    const six = await checkAttachments(Array.from({ length: 6 }, () => ({ filename: "a.pdf", bytes: pdf })));
    expect(six.ok === false && six.problem.message).toContain("最多 5 个");
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(pdf);
    expect(await problem("大.pdf", big)).toContain("超过 10 MB");
    expect(await problem("空.pdf", new Uint8Array(0))).toContain("是空文件");
  });
});

describe("Office files are real OOXML packages with no program or macro inside", () => {
  it("refuses a zip renamed .docx without [Content_Types].xml", async () => {
    expect(await problem("情况说明.docx", await docx({ types: null }))).toBe(
      "“情况说明.docx”不是有效的Word 文档(缺少 [Content_Types].xml),请用 Office 或 WPS 重新保存后上传",
    );
  });

  it("refuses a package whose [Content_Types].xml names no Word main part, or names one that is missing", async () => {
    const sheetTypes = contentTypes([["/xl/workbook.xml", SHEET_MAIN]]);
    expect(await problem("说明.docx", await docx({ types: sheetTypes }))).toContain("没有Word 文档的正文部分");
    expect(await problem("说明.docx", await docx({ omit: ["word/document.xml"] }))).toContain(
      "没有Word 文档的正文部分",
    );
    // A real workbook named .docx is a workbook, not a Word document.
    expect(await problem("说明.docx", await xlsx())).toContain("没有Word 文档的正文部分");
  });

  it("refuses a broken zip", async () => {
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from("word/ not really a zip")]);
    expect(await problem("说明.docx", broken)).toContain("文件已损坏");
  });

  it("refuses programs and scripts inside, by name or by content", async () => {
    for (const name of ["word/media/payload.exe", "word/setup.BAT", "x/run.ps1", "word/a.js", "tool.jar", "i.msi"]) {
      expect(await problem("说明.docx", await docx({ extra: { [name]: "x" } })), name).toContain(
        `内含可执行程序或脚本(${name})`,
      );
    }
    // A program hidden under an innocent name: its first bytes say MZ.
    expect(await problem("说明.docx", await docx({ extra: { "word/media/image1.png": exe } }))).toContain(
      "内含可执行程序或脚本(word/media/image1.png)",
    );
  });

  it("refuses macros: vbaProject.bin, or a macro-enabled content type", async () => {
    expect(
      await problem("说明.docx", await docx({ extra: { "word/vbaProject.bin": compound("_VBA_PROJECT") } })),
    ).toContain("含有宏(VBA 代码)(word/vbaProject.bin)");
    const macroTypes = contentTypes([
      ["/word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"],
      ["/word/vbaData.xml", "application/vnd.ms-word.vbaData+xml"],
    ]);
    expect(await problem("说明.docx", await docx({ types: macroTypes }))).toContain("含有宏");
    expect(await problem("旧版.doc", compound("WordDocument", "Macros", "VBA", "_VBA_PROJECT"))).toContain("含有宏");
  });

  it("refuses embedded packaged files and looks into embedded Office files", async () => {
    const packaged = await docx({ extra: { "word/embeddings/oleObject1.bin": compound("\u0001Ole10Native") } });
    expect(await problem("说明.docx", packaged)).toContain("内嵌了打包的文件对象(word/embeddings/oleObject1.bin)");
    const inner = await docx({ extra: { "word/payload.exe": exe } });
    const outer = await docx({ extra: { "word/embeddings/Microsoft_Word_Document.docx": inner } });
    expect(await problem("说明.docx", outer)).toContain("内含可执行程序或脚本(word/payload.exe)");
    const harmless = await docx({ extra: { "word/embeddings/Microsoft_Excel_Worksheet.xlsx": await xlsx() } });
    expect(await problem("说明.docx", harmless)).toBe("");
  });

  it("refuses a package of too many parts", async () => {
    const extra = Object.fromEntries(
      Array.from({ length: MAX_PACKAGE_ENTRIES }, (_, i) => [`word/p/${i}.xml`, "<a/>"]),
    );
    expect(await problem("说明.docx", await docx({ extra }))).toContain("解压后过大或包含的部件过多");
  });
});

describe("images and PDFs end where they end: nothing runnable after them", () => {
  it("finds the real end of each kind", () => {
    expect(pngEnd(png)).toBe(png.length);
    expect(jpegEnd(jpeg)).toBe(jpeg.length);
    // An EXIF thumbnail ends with an EOI of its own: the image goes on after it.
    const thumbed = withThumbnail(jpeg, jpeg);
    expect(jpegEnd(thumbed)).toBe(thumbed.length);
    expect(pdfEnd(pdf)).toBe(pdf.length - 1);
    // An incremental update appends a second %%EOF: the last one is the end.
    const updated = Buffer.concat([pdf, Buffer.from("2 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")]);
    expect(pdfEnd(updated)).toBe(updated.length - 1);
  });

  it("refuses a PNG, a JPEG or a PDF followed by HTML (a polyglot)", async () => {
    expect(await problem("现场.png", Buffer.concat([png, HTML]))).toBe(
      "“现场.png”在PNG 图片内容之后附带了网页或脚本代码,为安全起见不予接收",
    );
    expect(await problem("现场.jpg", Buffer.concat([jpeg, HTML]))).toContain("之后附带了网页或脚本代码");
    expect(await problem("现场.jpg", Buffer.concat([withThumbnail(jpeg, jpeg), HTML]))).toContain("网页或脚本代码");
    expect(await problem("说明.pdf", Buffer.concat([pdf, HTML]))).toContain("在PDF内容之后附带了网页或脚本代码");
    const script = Buffer.from("\n<svg onload=alert(1)>");
    expect(await problem("说明.pdf", Buffer.concat([pdf, script]))).toContain("网页或脚本代码");
  });

  it("accepts data after the end that is not runnable (a phone's motion photo appends a video)", async () => {
    const video = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) % 256));
    expect(await problem("现场.jpg", Buffer.concat([jpeg, video]))).toBe("");
    expect(await problem("说明.pdf", Buffer.concat([pdf, Buffer.from("\r\n\0\0")]))).toBe("");
  });

  it("refuses a truncated image or PDF", async () => {
    expect(await problem("现场.png", png.subarray(0, png.length - 12))).toContain("不是完整的PNG 图片");
    expect(await problem("现场.jpg", jpeg.subarray(0, jpeg.length - 2))).toContain("不是完整的JPEG 图片");
    expect(await problem("说明.pdf", Buffer.from("%PDF-1.7\n1 0 obj<<>>endobj\n"))).toContain("不是完整的PDF");
  });

  it("refuses HTML or script at the head of a file of an accepted kind", async () => {
    expect(await problem("说明.pdf", Buffer.from("%PDF-1.4\n<script>alert(1)</script>\n%%EOF\n"))).toBe(
      "“说明.pdf”含有网页或脚本代码,为安全起见不予接收",
    );
    expect(await problem("说明.pdf", HTML)).toContain("不是可接受的文件类型");
  });
});

describe("file names", () => {
  it("reads back what the browser escaped: %22 is the quote the user saw, line breaks go", () => {
    expect(decodeFormFilename("报告%22终稿%22.pdf")).toBe('报告"终稿".pdf');
    expect(decodeFormFilename("a%0D%0Ab.pdf")).toBe("ab.pdf");
    expect(decodeFormFilename("a=b;c.pdf")).toBe("a=b;c.pdf");
  });

  it("keeps every character a user can see", () => {
    for (const name of ['报告"终稿"=v2;final.pdf', "it's (1) [draft] & co.pdf", "现场 照片 😀👨‍👩‍👧.jpg", "a=b;c=d.docx"])
      expect(displayFilename(name)).toBe(name);
    const long = `${"关于厂区道路施工的情况说明".repeat(15)}附件一.pdf`;
    expect(Array.from(long)).toHaveLength(202);
    expect(displayFilename(long)).toBe(long);
  });

  it("drops path parts, control and direction characters, trailing dots; never gives an empty name", () => {
    expect(displayFilename("../../etc/passwd.pdf")).toBe("passwd.pdf");
    expect(displayFilename("C:\\Users\\陈\\合同.pdf")).toBe("合同.pdf");
    expect(displayFilename("合同\u0000\u0007\u001b[31m.pdf")).toBe("合同[31m.pdf");
    expect(displayFilename("报告\u202efdp.exe")).toBe("报告fdp.exe");
    expect(displayFilename("  合同.pdf. . ")).toBe("合同.pdf");
    expect(displayFilename("..")).toBe("附件");
    expect(displayFilename("")).toBe("附件");
  });

  it("shortens a name that is too long but keeps its extension, and never splits a character", () => {
    const name = `${"😀".repeat(400)}.docx`;
    const shown = displayFilename(name);
    expect(Array.from(shown)).toHaveLength(MAX_FILENAME_CHARS);
    expect(shown.endsWith("😀….docx")).toBe(true);
    // A lone half of a surrogate pair would make encodeURIComponent throw.
    expect(() => encodeURIComponent(shown)).not.toThrow();
  });

  it("downloads under the same name", () => {
    expect(attachmentDisposition("it's (1)*.pdf")).toBe(
      `attachment; filename="it_s__1__.pdf"; filename*=UTF-8''it%27s%20%281%29%2A.pdf`,
    );
    expect(attachmentDisposition('报告"终稿"=v2;final.pdf')).toBe(
      `attachment; filename="_______v2_final.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%22%E7%BB%88%E7%A8%BF%22%3Dv2%3Bfinal.pdf`,
    );
  });
});
