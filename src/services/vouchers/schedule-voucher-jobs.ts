import type { Database } from '../../db/client.ts';
import { expireGrants } from './expire-grants.ts';
import { listExpiryWarnings } from './list-expiry-warnings.ts';

export interface VoucherJobRun {
  warnings: number;
  expired: number;
  returnedFen: bigint;
}

/**
 * Runs the voucher housekeeping every `intervalMs`: expiry warnings (30/14/7/0 days) first, then
 * the expiry of grants past their date (unused amounts back to the budget). The first run starts
 * at once without being awaited (startup is not blocked); runs never overlap; the timer does not
 * keep the process alive. Both jobs are idempotent, so several server processes may run them.
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
}): { stop: () => void; runNow: () => Promise<void> } {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> | null = null;
  let stopped = false;
  const runNow = (): Promise<void> => {
    if (running) return running;
    running = (async () => {
      try {
        const now = clock();
        const warnings = await listExpiryWarnings({ sql: options.db, now });
        const { expired, returnedFen } = await expireGrants({ db: options.db, now });
        options.onRun?.({ warnings: warnings.length, expired, returnedFen });
      } catch (error) {
        if (!stopped) options.onError(error);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void runNow(), options.intervalMs);
  timer.unref();
  void runNow();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
    runNow,
  };
}
