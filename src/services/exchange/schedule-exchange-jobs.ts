import type { Database } from '../../db/client.ts';
import { systemActor } from '../authz/actor.ts';
import { scheduleJob, type ScheduledJob } from '../jobs/schedule-job.ts';
import { clearExchange, type ClearingReport } from './clear-exchange.ts';
import { payProviders, type ProviderPayout } from './pay-providers.ts';

/** Clearing every 15 minutes; provider payouts checked hourly (one payout per provider a day). */
export const CLEARING_INTERVAL_MS = 15 * 60_000;
export const PAYOUT_INTERVAL_MS = 60 * 60_000;

/**
 * Starts the exchange's jobs as the system: the clearing run and the provider payouts. Both are
 * idempotent (a matched request is not matched again; a provider is paid once a day), so
 * several server processes may run them.
 *
 * @example
 * const jobs = scheduleExchangeJobs({ db, onError: (error) => logger.error(error) });
 * jobs.forEach((job) => job.stop());
 */
export function scheduleExchangeJobs(options: {
  db: Database;
  clock?: () => Date;
  onError: (error: unknown) => void;
  onClearing?: (report: ClearingReport) => void;
  onPayouts?: (payouts: ProviderPayout[]) => void;
}): ScheduledJob[] {
  const { db, onError } = options;
  const clock = options.clock ?? (() => new Date());
  return [
    scheduleJob({
      intervalMs: CLEARING_INTERVAL_MS,
      clock,
      run: (now) => clearExchange({ db, actor: systemActor, now }),
      ...(options.onClearing ? { onRun: options.onClearing } : {}),
      onError,
    }),
    scheduleJob({
      intervalMs: PAYOUT_INTERVAL_MS,
      clock,
      run: (now) => payProviders({ db, actor: systemActor, now }),
      ...(options.onPayouts ? { onRun: options.onPayouts } : {}),
      onError,
    }),
  ];
}
