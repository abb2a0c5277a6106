import { evidenceDirectoryOf, type Config } from '../../config/config.ts';
import { openEvidenceStore, type EvidenceStore } from '../../services/evidence/index.ts';

/**
 * The evidence store the configuration describes: EVIDENCE_DIR (default `DATA_DIR/evidence`)
 * with the EVIDENCE_QUOTA_* limits per enterprise.
 */
export function evidenceStoreOf(config: Config): EvidenceStore {
  return openEvidenceStore({
    directory: evidenceDirectoryOf(config),
    quotas: {
      totalBytes: config.EVIDENCE_QUOTA_BYTES,
      filesPerDay: config.EVIDENCE_QUOTA_FILES_PER_DAY,
      concurrentUploads: config.EVIDENCE_QUOTA_CONCURRENT_UPLOADS,
    },
  });
}
