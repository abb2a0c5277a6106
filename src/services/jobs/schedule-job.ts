/** A job started by `scheduleJob`: stop it, or run it now (joining a run in progress). */
export interface ScheduledJob {
  stop: () => void;
  runNow: () => Promise<void>;
}

export interface ScheduleJobOptions<Result> {
  /** Time between the starts of two runs. */
  intervalMs: number;
  /** The job itself, given the time of its run. */
  run: (now: Date) => Promise<Result>;
  clock?: () => Date;
  onRun?: (result: Result) => void;
  /** A failed run is reported here and the next one goes ahead as planned. */
  onError: (error: unknown) => void;
}

/**
 * Runs a housekeeping job every `intervalMs`. The first run starts at once without being awaited
 * (startup is not blocked); runs never overlap (`runNow` during a run returns that run); the
 * timer does not keep the process alive; after `stop`, a run still in flight reports no error
 * (the database may be closing under it). Jobs must be idempotent: several server processes may
 * run the same one.
 *
 * @example
 * const job = scheduleJob({ intervalMs: 60_000, run: (now) => closeDuePublications({ db, now }),
 *   onError: (error) => logger.error(error) });
 * job.stop();
 */
export function scheduleJob<Result>(options: ScheduleJobOptions<Result>): ScheduledJob {
  const clock = options.clock ?? (() => new Date());
  let running: Promise<void> | null = null;
  let stopped = false;
  const runNow = (): Promise<void> => {
    running ??= (async () => {
      try {
        const result = await options.run(clock());
        options.onRun?.(result);
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
