/** A file's size as people read it (附件、导入文件、上限): whole KB below a megabyte, else MB to one decimal. Pure. */
const KB = 1024;
const MB = 1024 * KB;

export function formatFileSize(bytes: number): string {
  if (bytes <= 0) return "0 KB";
  const kb = Math.max(1, Math.round(bytes / KB));
  // Round first, so 1,023.6 KB reads "1 MB", not "1024 KB".
  if (kb < KB) return `${kb} KB`;
  return `${Number((bytes / MB).toFixed(1))} MB`;
}
