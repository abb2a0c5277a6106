import type { Database } from '../../db/client.ts';
import { scheduleJob, type ScheduledJob } from '../jobs/schedule-job.ts';
import type { EvidenceStore } from './evidence-store.ts';
import { sweepEvidenceOrphans, type SweepResult } from './sweep-evidence-orphans.ts';

/**
 * Sweeps the evidence store for orphans every `intervalMs` (the first run at once, so a start
 * cleans up after the process that crashed before it). See sweepEvidenceOrphans.
 *
 * @example
 * const jobs = scheduleEvidenceJobs({ db, store, intervalMs: 3_600_000, onError: (e) => logger.error(e) });
 */
export function scheduleEvidenceJobs(options: {
  db: Database;
  store: EvidenceStore;
  intervalMs: number;
  onRun?: (result: SweepResult) => void;
  onError: (error: unknown) => void;
}): ScheduledJob {
  const { db, store, ...schedule } = options;
  return scheduleJob({ ...schedule, run: (now) => sweepEvidenceOrphans({ sql: db, store, now }) });
}
