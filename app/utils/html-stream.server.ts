/**
 * React 18.3's streaming renderer sends some chunks padded with zero bytes where a multi-byte character did
 * not fit at the end of its 2 KB buffer (facebook/react#24985). A browser shows each as "�", in text and in
 * attribute values alike; with Chinese on every page that happens on most pages. Trailing zero bytes of each
 * chunk are that padding (HTML never legitimately holds NUL), so they are cut off.
 */
import { Transform } from "node:stream";

export function trimTrailingZeros(chunk: Uint8Array): Uint8Array {
  let end = chunk.length;
  while (end > 0 && chunk[end - 1] === 0) end--;
  return end === chunk.length ? chunk : chunk.subarray(0, end);
}

export function zeroPaddingFilter(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, trimTrailingZeros(chunk));
    },
  });
}
