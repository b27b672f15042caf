import { DOCUMENT_LABEL, type DocumentKind } from "~/domain/labels";

/** Download links for a cycle's printed documents (resource routes under /documents/N/). */
export function DocumentLinks({
  cycleNumber,
  documents = ["catalog", "agenda"],
}: {
  cycleNumber: number;
  documents?: readonly DocumentKind[];
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
