import type { Database } from '../../db/client.ts';
import { scheduleJob, type ScheduledJob } from '../jobs/schedule-job.ts';
import { closeDuePublications } from './close-publication.ts';

/**
 * Runs the closing job every `intervalMs` (see `scheduleJob`): publications whose objection
 * window is over and that have no open objection are closed, so their claims can be paid without
 * an operator pressing "close".
 *
 * @example
 * const jobs = schedulePublicationJobs({ db, intervalMs: 60_000, onError: (e) => log.error(e) });
 * jobs.stop();
 */
export function schedulePublicationJobs(options: {
  db: Database;
  intervalMs: number;
  clock?: () => Date;
  onRun?: (closedIds: string[]) => void;
  onError: (error: unknown) => void;
}): ScheduledJob {
  const { db, ...schedule } = options;
  return scheduleJob({ ...schedule, run: (now) => closeDuePublications({ db, now }) });
}
