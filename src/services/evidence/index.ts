/**
 * The evidence store (docs/evidence.md): files named by their SHA-256 on a volume, their
 * metadata in the database, per-enterprise quotas, and the housekeeping that keeps the two
 * consistent.
 */
export {
  DEFAULT_EVIDENCE_QUOTAS,
  contentPath,
  openEvidenceStore,
  type EvidenceQuotas,
  type EvidenceStore,
} from './evidence-store.ts';
export {
  writeEvidenceContent,
  type ContentSource,
  type StoredContent,
} from './write-evidence-content.ts';
export { openEvidenceContent } from './read-evidence-content.ts';
export { acquireUploadSlot, releaseUploadSlot, type UploadSlot } from './upload-slots.ts';
export {
  ORPHAN_GRACE_MS,
  sweepEvidenceOrphans,
  type SweepResult,
} from './sweep-evidence-orphans.ts';
export { moveLegacyEvidenceToStore } from './move-legacy-evidence.ts';
export { scheduleEvidenceJobs } from './schedule-evidence-jobs.ts';
