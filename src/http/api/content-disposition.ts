/**
 * `attachment; filename="…"; filename*=UTF-8''…` for a download (RFC 6266 with RFC 5987
 * encoding), so a Chinese file name reaches the browser intact. The plain `filename` is an
 * ASCII fallback for old clients: anything outside printable ASCII, and the quote and
 * backslash that would end or escape the quoted string, become `_` — so no file name can
 * inject a header or a parameter.
 */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

/**
 * Percent-encodes UTF-8 leaving only RFC 5987 attr-chars; encodeURIComponent also leaves
 * `'()*`, which are not attr-chars (`'` delimits the charset in `filename*`).
 */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
