import type { Database } from '../../db/client.ts';
import { closeDuePublications } from './close-publication.ts';

/**
 * Runs the closing job every `intervalMs` (and once at once, without delaying the caller):
 * publications whose objection window is over and that have no open objection are closed, so
 * their claims can be paid without an operator pressing "close". One run at a time.
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
}): { stop: () => void; runNow: () => Promise<void> } {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> | null = null;
  let stopped = false;
  const runNow = (): Promise<void> => {
    running ??= (async () => {
      try {
        const closed = await closeDuePublications({ db: options.db, now: clock() });
        options.onRun?.(closed);
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
