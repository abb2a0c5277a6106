/**
 * Evidence uploads over HTTP for tests: a harness set up as claim-fixtures.ts sets up claims
 * (operator A published the Hangzhou program, enterprises A and B each hold a grant), draft
 * claims, and uploads of raw bytes or of a stream the test controls (the harness's client
 * speaks text).
 *
 * @example
 * const e = await createEvidenceHarness({ EVIDENCE_QUOTA_FILES_PER_DAY: '2' });
 * const claimId = await e.draftClaim('A');
 * const response = await e.upload('A', claimId, { filename: 'a.pdf', body: pdfBytes('x') });
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createApiHarness, type ApiHarness, type TenantLetter } from './api-harness.ts';
import { draftedClaim, grantFor, setUpClaims } from './claim-fixtures.ts';

export interface UploadOptions {
  filename: string;
  body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;
  kind?: string;
  contentType?: string;
}

export interface EvidenceHarness {
  h: ApiHarness;
  draftClaim: (letter: TenantLetter) => Promise<string>;
  upload: (letter: TenantLetter, claimId: string, options: UploadOptions) => Promise<Response>;
  /** GET as the enterprise admin of `letter`, raw response. */
  get: (letter: TenantLetter, path: string) => Promise<Response>;
  /** Files under the store's `sha256/` and `tmp/` folders. */
  storedFiles: () => Promise<{ contents: string[]; temporary: string[] }>;
}

let contractSerial = 0;

export async function createEvidenceHarness(
  env: Record<string, string> = {},
): Promise<EvidenceHarness> {
  const h = await createApiHarness({ env });
  const { providerA: providerId } = await setUpClaims(h);
  const grants: Record<TenantLetter, string> = {
    A: await grantFor(h, 'A'),
    B: await grantFor(h, 'B'),
  };

  const headersOf = (letter: TenantLetter): Record<string, string> => {
    const { sessionToken, csrfToken } = h.actors[`enterprise-admin@${letter}`];
    return {
      cookie: `suanli_session=${sessionToken}; suanli_csrf=${csrfToken}`,
      'x-csrf-token': csrfToken,
    };
  };
  const listFiles = async (path: string, depth: number): Promise<string[]> => {
    const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
    const found: string[] = [];
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory() && depth > 0) found.push(...(await listFiles(child, depth - 1)));
      else if (entry.isFile()) found.push(child);
    }
    return found;
  };

  return {
    h,
    draftClaim: async (letter) => {
      contractSerial += 1;
      return draftedClaim(h.as(`enterprise-admin@${letter}`), {
        grantId: grants[letter],
        providerId,
        contractId: `EV-${letter}-${String(contractSerial).padStart(4, '0')}`,
      });
    },
    upload: async (letter, claimId, options) => {
      const query = new URLSearchParams({
        kind: options.kind ?? 'delivery',
        filename: options.filename,
      });
      return h.app.request(`/api/v1/claims/${claimId}/attachments?${query.toString()}`, {
        method: 'POST',
        headers: { ...headersOf(letter), 'content-type': options.contentType ?? 'application/pdf' },
        body: options.body,
        // A stream body needs half duplex (fetch's rule); harmless for bytes.
        duplex: 'half',
      } as RequestInit);
    },
    get: async (letter, path) => h.app.request(path, { headers: headersOf(letter) }),
    storedFiles: async () => ({
      contents: await listFiles(join(h.evidenceStore.directory, 'sha256'), 2),
      temporary: await listFiles(join(h.evidenceStore.directory, 'tmp'), 0),
    }),
  };
}

/** A small PDF: the magic, bytes that are not UTF-8, a tag, padded to `sizeBytes` if given. */
export function pdfBytes(tag: string, sizeBytes = 0): Uint8Array<ArrayBuffer> {
  const head = [
    ...new TextEncoder().encode('%PDF-1.7\n'),
    ...Array.from({ length: 64 }, (_, i) => 0x80 + i),
    ...new TextEncoder().encode(`\n${tag}\n%%EOF\n`),
  ];
  const bytes = new Uint8Array(Math.max(sizeBytes, head.length));
  bytes.set(head);
  return bytes;
}

/** A PNG signature and a header chunk's start: enough for detection. */
export function pngBytes(): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
  ]);
}

/**
 * A stream the test feeds: `push` chunks, then `end`. The request reads it as the client would
 * send it, so a test can hold an upload open.
 */
export function controlledStream(): {
  stream: ReadableStream<Uint8Array>;
  push: (chunk: Uint8Array) => void;
  end: () => void;
} {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => {
      controller = c;
    },
  });
  return {
    stream,
    push: (chunk) => controller.enqueue(chunk),
    end: () => controller.close(),
  };
}
