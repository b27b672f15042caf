import { describe, expect, it } from "vitest";
import { checkAttachments, MAX_ATTACHMENT_BYTES, sniffType } from "./attachment";

const pdf = Buffer.from("%PDF-1.7\n...");
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const docx = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.from("....[Content_Types].xml word/document.xml"),
]);
const exe = Buffer.from("MZ\x90\x00 this is a program");

describe("attachments", () => {
  it("reads the type from the content", () => {
    expect(sniffType(pdf, "a.pdf")?.mediaType).toBe("application/pdf");
    expect(sniffType(png, "a.png")?.mediaType).toBe("image/png");
    expect(sniffType(docx, "a.docx")?.label).toBe("Word 文档");
    expect(sniffType(exe, "a.pdf")).toBeNull();
  });

  it("refuses a program named .pdf, a PDF named .docx, too many and too large files", () => {
    expect(checkAttachments([{ filename: "合同.pdf", bytes: exe }])).toMatchObject({ ok: false });
    const renamed = checkAttachments([{ filename: "说明.docx", bytes: pdf }]);
    expect(renamed.ok === false && renamed.problem.message).toContain("与文件扩展名不符");
    expect(checkAttachments(Array.from({ length: 6 }, () => ({ filename: "a.pdf", bytes: pdf })))).toMatchObject({
      ok: false,
    });
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(pdf);
    expect(checkAttachments([{ filename: "a.pdf", bytes: big }])).toMatchObject({ ok: false });
    expect(
      checkAttachments([
        { filename: "a.pdf", bytes: pdf },
        { filename: "b.png", bytes: png },
      ]),
    ).toMatchObject({ ok: true });
  });
});
