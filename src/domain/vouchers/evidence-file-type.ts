/**
 * What an evidence file is, told from its bytes rather than from its name or the Content-Type
 * its uploader claimed: the formats Chinese invoices, bank slips and contracts come as — PDF,
 * OFD (GB/T 33190, a ZIP container whose root holds `OFD.xml`), XML e-invoices, PNG and JPEG.
 * Anything else, and markup that a browser or Windows would run (HTML, HTA, SVG, XHTML, script,
 * stylesheets that transform), is refused even when it starts with `<`.
 */
export const evidenceTypes = {
  pdf: { contentType: 'application/pdf', extensions: ['pdf'] },
  ofd: { contentType: 'application/ofd', extensions: ['ofd'] },
  xml: { contentType: 'application/xml', extensions: ['xml'] },
  png: { contentType: 'image/png', extensions: ['png'] },
  jpeg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
} as const satisfies Record<
  string,
  { contentType: string; extensions: readonly [string, ...string[]] }
>;

export type EvidenceType = keyof typeof evidenceTypes;

/** Bytes of the file's start that `sniffEvidenceHead` looks at (an XML prolog fits easily). */
export const SNIFF_HEAD_BYTES = 64 * 1024;

/**
 * Whether a file starting with these bytes may be markup (so its whole body needs a scan);
 * undefined while they are only white space (the next bytes decide).
 */
export function mayBeMarkup(head: Uint8Array): boolean | undefined {
  for (const byte of head) {
    // Skip a UTF-8 BOM and ASCII white space; the first other byte decides.
    if (byte === 0xef || byte === 0xbb || byte === 0xbf || byte === 0x20) continue;
    if (byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x3c; // '<'
  }
  return undefined;
}

/** What the first bytes say: a type, a ZIP that may be an OFD, or why the file is refused. */
export type SniffResult =
  | { verdict: 'type'; type: EvidenceType }
  | { verdict: 'zip' }
  | { verdict: 'refused'; reason: string };

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP_LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

/**
 * Sniffs the first bytes of a file (up to SNIFF_HEAD_BYTES). An XML file must open with an
 * `<?xml` declaration (after an optional UTF-8 BOM and spaces), may carry comments and
 * processing instructions, and must have a root element that is not HTML, SVG, HTA or XSLT; a
 * DOCTYPE or an `xml-stylesheet` instruction is refused (e-invoices need neither).
 *
 * @example
 * sniffEvidenceHead(new TextEncoder().encode('%PDF-1.7\n')); // { verdict: 'type', type: 'pdf' }
 */
export function sniffEvidenceHead(head: Uint8Array): SniffResult {
  if (startsWith(head, PDF)) return { verdict: 'type', type: 'pdf' };
  if (startsWith(head, PNG)) return { verdict: 'type', type: 'png' };
  if (startsWith(head, JPEG)) return { verdict: 'type', type: 'jpeg' };
  if (startsWith(head, ZIP_LOCAL_HEADER)) return { verdict: 'zip' };
  const text = new TextDecoder('utf-8').decode(head).replace(/^\uFEFF/u, '');
  if (/^\s*</u.test(text)) return sniffXml(text);
  return { verdict: 'refused', reason: 'not a PDF, OFD, XML, PNG or JPEG file' };
}

/** Root elements of documents that browsers or Windows render or run. */
const ACTIVE_ROOTS =
  /^(?:[\w.-]+:)?(?:html|svg|script|body|head|frameset|stylesheet|transform)$|^hta:/iu;

function sniffXml(text: string): SniffResult {
  if (!/^\s*<\?xml\s/u.test(text)) {
    return { verdict: 'refused', reason: 'markup without an <?xml …?> declaration (HTML?)' };
  }
  let rest = text.replace(/^\s*<\?xml\s[^]*?\?>/u, '');
  // A bounded walk over the prolog: comments and processing instructions, then the root.
  for (let step = 0; step < 1000; step += 1) {
    rest = rest.replace(/^\s+/u, '');
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->');
      if (end < 0) break;
      rest = rest.slice(end + 3);
    } else if (rest.startsWith('<?')) {
      if (/^<\?xml-stylesheet/iu.test(rest)) {
        return { verdict: 'refused', reason: 'an xml-stylesheet instruction' };
      }
      const end = rest.indexOf('?>');
      if (end < 0) break;
      rest = rest.slice(end + 2);
    } else if (/^<!DOCTYPE/iu.test(rest)) {
      return { verdict: 'refused', reason: 'a DOCTYPE (HTML, or a DTD that fetches)' };
    } else {
      const root = /^<([A-Za-z_][\w.:-]*)/u.exec(rest)?.[1];
      if (root === undefined) break;
      if (ACTIVE_ROOTS.test(root)) {
        return { verdict: 'refused', reason: `a <${root}> document, which a browser would run` };
      }
      return { verdict: 'type', type: 'xml' };
    }
  }
  return { verdict: 'refused', reason: 'XML without a root element in its first 64 KiB' };
}

/**
 * Markers of active content anywhere in an XML file: a script element, a `javascript:` URL, the
 * XHTML or SVG namespace (which make any element an HTML or SVG one), HTA and frames. Matched
 * on lower-cased ASCII, so `<SCRIPT` and `<h:script` are caught too.
 */
const ACTIVE_MARKERS = [
  '<script',
  ':script',
  'javascript:',
  'http://www.w3.org/1999/xhtml',
  'http://www.w3.org/2000/svg',
  'hta:',
  '<iframe',
  '<object',
  '<embed',
] as const;
const MARKER_OVERLAP = Math.max(...ACTIVE_MARKERS.map((marker) => marker.length)) - 1;

/**
 * Scans a file chunk by chunk for ACTIVE_MARKERS (a marker split across two chunks is found:
 * the tail of each chunk is kept). Chunks come as latin1 text — one character per byte, so
 * ASCII markers are found whatever the file's encoding (the caller decodes; Node's
 * `Buffer#toString('latin1')` is many times faster than a TextDecoder). `found` is the first
 * marker seen, or null.
 *
 * @example
 * const scanner = createActiveContentScanner();
 * scanner.push('<Invoice><scr');
 * scanner.push('ipt>');
 * scanner.found(); // '<script'
 */
export function createActiveContentScanner(): {
  push: (latin1Chunk: string) => void;
  found: () => string | null;
} {
  let carry = '';
  let found: string | null = null;
  return {
    push: (latin1Chunk) => {
      if (found !== null) return;
      const text = carry + latin1Chunk.toLowerCase();
      found = ACTIVE_MARKERS.find((marker) => text.includes(marker)) ?? null;
      carry = text.slice(-MARKER_OVERLAP);
    },
    found: () => found,
  };
}
