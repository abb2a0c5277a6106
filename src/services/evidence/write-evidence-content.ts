import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DomainError } from '../../domain/shared/errors.ts';
import { checkAttachmentSize } from '../../domain/vouchers/evidence.ts';
import {
  SNIFF_HEAD_BYTES,
  createActiveContentScanner,
  mayBeMarkup,
  type EvidenceType,
} from '../../domain/vouchers/evidence-file-type.ts';
import { detectEvidenceType } from './detect-evidence-type.ts';
import { contentPath, temporaryDirectory, type EvidenceStore } from './evidence-store.ts';

/** Content now in the store, named by its hash. */
export interface StoredContent {
  sha256: string;
  sizeBytes: number;
  type: EvidenceType;
}

/** Bytes in memory (seeding, tests) or a stream of them (an HTTP request body). */
export type ContentSource = Uint8Array | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/**
 * Streams one file into the store: each chunk is hashed, scanned and appended to a temporary
 * file as it arrives (nothing holds the whole file in memory, and no database connection is
 * held meanwhile); the file is flushed to disk, its type detected from its bytes, and only then
 * renamed to its hash. A refused, oversized or broken upload leaves nothing behind: the
 * temporary file is removed on every error.
 *
 * The content file may already exist (the same bytes uploaded before): the rename replaces it
 * with identical bytes and a fresh modification time, which keeps the orphan sweep off it while
 * its row is being written.
 *
 * @example
 * const content = await writeEvidenceContent({ store, source: request.body, maxBytes: 10 << 20 });
 */
export async function writeEvidenceContent(options: {
  store: EvidenceStore;
  source: ContentSource;
  maxBytes: number;
  /** Called with the detected type before the content is kept; throw to refuse it. */
  accept?: (type: EvidenceType) => void;
}): Promise<StoredContent> {
  const { store } = options;
  const temporary = join(temporaryDirectory(store), `${randomUUID()}.part`);
  await mkdir(dirname(temporary), { recursive: true });
  const handle = await open(temporary, 'wx', 0o600);
  let closed = false;
  try {
    const written = await copyAndInspect(handle, options.source, options.maxBytes);
    await handle.sync();
    await handle.close();
    closed = true;
    checkAttachmentSize(written.sizeBytes);
    const type = await detectEvidenceType({
      path: temporary,
      head: written.head,
      sizeBytes: written.sizeBytes,
      activeMarker: written.activeMarker,
    });
    options.accept?.(type);
    await placeContent(store, temporary, written.sha256);
    return { sha256: written.sha256, sizeBytes: written.sizeBytes, type };
  } catch (error) {
    if (!closed) await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Names a flushed temporary file by its hash: renames it into the store and flushes the folder,
 * so the content survives a crash before its row is written. Shared by uploads and the move of
 * evidence that lived in the database.
 */
export async function placeContent(
  store: EvidenceStore,
  temporary: string,
  sha256: string,
): Promise<void> {
  const target = contentPath(store, sha256);
  await mkdir(dirname(target), { recursive: true });
  await rename(temporary, target);
  await syncDirectory(dirname(target));
}

async function copyAndInspect(
  handle: FileHandle,
  source: ContentSource,
  maxBytes: number,
): Promise<{ sha256: string; sizeBytes: number; head: Uint8Array; activeMarker: string | null }> {
  const hash = createHash('sha256');
  // Only markup needs the whole-body scan; whether it may be one shows in the first chunk.
  let scanner: ReturnType<typeof createActiveContentScanner> | null | undefined;
  const head = new Uint8Array(SNIFF_HEAD_BYTES);
  let headBytes = 0;
  let sizeBytes = 0;
  for await (const chunk of chunksOf(source)) {
    sizeBytes += chunk.length;
    if (sizeBytes > maxBytes) {
      throw new DomainError('PAYLOAD_TOO_LARGE', undefined, { field: 'file', maxBytes });
    }
    if (headBytes < head.length) {
      const part = chunk.subarray(0, head.length - headBytes);
      head.set(part, headBytes);
      headBytes += part.length;
    }
    hash.update(chunk);
    if (scanner === undefined) {
      const markup = mayBeMarkup(chunk);
      if (markup !== undefined) scanner = markup ? createActiveContentScanner() : null;
    }
    scanner?.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1'));
    await handle.write(chunk);
  }
  return {
    sha256: hash.digest('hex'),
    sizeBytes,
    head: head.subarray(0, headBytes),
    activeMarker: scanner?.found() ?? null,
  };
}

/** The chunks of a source; a stream left early (too large, a write failed) is cancelled. */
async function* chunksOf(source: ContentSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  if (!('getReader' in source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** Makes a rename durable: the directory entry is on disk before the row that names it. */
async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
