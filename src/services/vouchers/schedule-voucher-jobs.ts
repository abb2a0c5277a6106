import type { Database } from '../../db/client.ts';
import { scheduleJob, type ScheduledJob } from '../jobs/schedule-job.ts';
import { expireGrants } from './expire-grants.ts';
import { listExpiryWarnings } from './list-expiry-warnings.ts';

export interface VoucherJobRun {
  warnings: number;
  expired: number;
  returnedFen: bigint;
}

/**
 * Runs the voucher housekeeping every `intervalMs` (see `scheduleJob`): expiry warnings
 * (30/14/7/0 days) first, then the expiry of grants past their date (unused amounts back to the
 * budget). Both are idempotent, so several server processes may run them.
 *
 * @example
 * const jobs = scheduleVoucherJobs({ db, intervalMs: 60_000, onError: (e) => logger.error(e) });
 * jobs.stop();
 */
export function scheduleVoucherJobs(options: {
  db: Database;
  intervalMs: number;
  clock?: () => Date;
  onRun?: (run: VoucherJobRun) => void;
  onError: (error: unknown) => void;
}): ScheduledJob {
  const { db, ...schedule } = options;
  return scheduleJob({
    ...schedule,
    run: async (now) => {
      const warnings = await listExpiryWarnings({ sql: db, now });
      const { expired, returnedFen } = await expireGrants({ db, now });
      return { warnings: warnings.length, expired, returnedFen };
    },
  });
}
