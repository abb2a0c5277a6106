/**
 * Evidence stores for tests: each in its own temporary directory, removed when the test process
 * exits, so no test writes into the repository's ./data.
 *
 * @example
 * const store = createTestEvidenceStore({ concurrentUploads: 1 });
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_EVIDENCE_QUOTAS,
  openEvidenceStore,
  type EvidenceQuotas,
  type EvidenceStore,
} from '../../src/services/evidence/index.ts';

const created: string[] = [];
let cleanupRegistered = false;

export function createTestEvidenceStore(quotas: Partial<EvidenceQuotas> = {}): EvidenceStore {
  const directory = mkdtempSync(join(tmpdir(), 'suanli-evidence-'));
  created.push(directory);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.once('exit', () => {
      for (const path of created) rmSync(path, { recursive: true, force: true });
    });
  }
  return openEvidenceStore({ directory, quotas: { ...DEFAULT_EVIDENCE_QUOTAS, ...quotas } });
}

let shared: EvidenceStore | undefined;

/**
 * Quotas no fixture reaches: tests that seed hundreds of claims of one enterprise through the
 * services are not about quotas (test/evidence-quotas-api.test.ts is).
 */
export const GENEROUS_EVIDENCE_QUOTAS: EvidenceQuotas = {
  totalBytes: 2 ** 50,
  filesPerDay: 1_000_000,
  concurrentUploads: 100,
};

/** One store for the whole test process, for fixtures that only need somewhere to write. */
export function sharedTestEvidenceStore(): EvidenceStore {
  shared ??= createTestEvidenceStore(GENEROUS_EVIDENCE_QUOTAS);
  return shared;
}
