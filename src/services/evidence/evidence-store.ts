import { join } from 'node:path';

/** Per-enterprise limits on evidence (docs/evidence.md#quotas). */
export interface EvidenceQuotas {
  /** Bytes of evidence rows in total, every claim of the enterprise. */
  totalBytes: number;
  /** Files uploaded per Asia/Shanghai day. */
  filesPerDay: number;
  /** Uploads streaming at the same time, across server processes. */
  concurrentUploads: number;
}

/**
 * Where evidence files live and how much each enterprise may put there. Content-addressed: a
 * file is named by the SHA-256 of its bytes (`sha256/ab/cd/abcd…`), so the same bytes are
 * stored once and a name never changes what it holds. Uploads are written under `tmp/` and
 * renamed into place only once complete, hashed and their type accepted.
 */
export interface EvidenceStore {
  readonly directory: string;
  readonly quotas: EvidenceQuotas;
}

/** The defaults of EVIDENCE_QUOTA_* (src/config/config.ts). */
export const DEFAULT_EVIDENCE_QUOTAS: EvidenceQuotas = {
  totalBytes: 2 ** 31,
  filesPerDay: 200,
  concurrentUploads: 3,
};

/**
 * @example
 * const store = openEvidenceStore({ directory: './data/evidence', quotas: DEFAULT_EVIDENCE_QUOTAS });
 */
export function openEvidenceStore(options: {
  directory: string;
  quotas?: EvidenceQuotas;
}): EvidenceStore {
  return { directory: options.directory, quotas: options.quotas ?? DEFAULT_EVIDENCE_QUOTAS };
}

const SHA256_HEX = /^[0-9a-f]{64}$/u;

/** Whether `name` is a content file's name (64 lower-case hex digits). */
export function isContentName(name: string): boolean {
  return SHA256_HEX.test(name);
}

/** The file holding the content with this SHA-256 (hex). */
export function contentPath(store: EvidenceStore, sha256: string): string {
  if (!isContentName(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return join(store.directory, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** The folder of uploads in progress (a crash leaves them for the sweep). */
export function temporaryDirectory(store: EvidenceStore): string {
  return join(store.directory, 'tmp');
}
