import type { ComponentProps } from "react";

/** Files of an appeal or of a reply, each a download link under `base` with its size. */
export function AttachmentList({
  files,
  base,
  ...list
}: { files: { id: number; filename: string; size: string }[]; base: string } & ComponentProps<"ul">) {
  return (
    <ul {...list}>
      {files.map((f) => (
        <li key={f.id}>
          <a href={`${base}/${f.id}`} download>
            {f.filename}
          </a>{" "}
          <span className="hint">({f.size})</span>
        </li>
      ))}
    </ul>
  );
}
