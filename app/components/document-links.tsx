/** Download links for a cycle's printed documents (resource routes under /documents/N/). */
export function DocumentLinks({ cycleNumber, catalog = true }: { cycleNumber: number; catalog?: boolean }) {
  return (
    <p className="document-links">
      <span className="hint">打印(PDF):</span>
      {catalog ? (
        <a href={`/documents/${cycleNumber}/catalog.pdf`} download className="button button--secondary">
          企业问题目录
        </a>
      ) : null}
      <a href={`/documents/${cycleNumber}/agenda.pdf`} download className="button button--secondary">
        现场活动议程
      </a>
    </p>
  );
}
