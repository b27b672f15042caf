/** The cycle's printed documents, by the resource route's name under /documents/N/. */
const DOCUMENT_LABEL = {
  catalog: "企业问题目录",
  agenda: "现场活动议程",
  opinions: "企业请求协调解决事项处理意见",
} as const;

type PrintedKind = keyof typeof DOCUMENT_LABEL;

/** Download links for a cycle's printed documents (resource routes under /documents/N/). */
export function DocumentLinks({
  cycleNumber,
  documents = ["catalog", "agenda"],
}: {
  cycleNumber: number;
  documents?: readonly PrintedKind[];
}) {
  return (
    <p className="document-links">
      <span className="hint">打印(PDF):</span>
      {documents.map((kind) => (
        <a key={kind} href={`/documents/${cycleNumber}/${kind}.pdf`} download className="button button--secondary">
          {DOCUMENT_LABEL[kind]}
        </a>
      ))}
    </p>
  );
}
