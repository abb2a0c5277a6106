import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { assert } from '../../domain/shared/assert.ts';
import { contentPath, type EvidenceStore } from './evidence-store.ts';

/**
 * A stream of the stored content with this hash, for a download. The file must be there with
 * the size its row records: a row is only ever written after its content (see
 * writeEvidenceContent), so a missing or different file is a broken deployment (the store not
 * mounted, a wrong EVIDENCE_DIR) and fails loudly rather than serving something else.
 */
export async function openEvidenceContent(options: {
  store: EvidenceStore;
  sha256: string;
  sizeBytes: number;
}): Promise<ReadableStream<Uint8Array>> {
  const path = contentPath(options.store, options.sha256);
  const found = await stat(path).catch(() => null);
  assert(found !== null, `evidence content ${options.sha256} is missing from ${path}`);
  assert(
    found.size === options.sizeBytes,
    `evidence content ${options.sha256} has ${found.size} bytes, its row says ${options.sizeBytes}`,
  );
  return Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
}
