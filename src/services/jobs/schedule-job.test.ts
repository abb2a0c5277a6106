import { describe, expect, it } from 'vitest';
import { scheduleJob } from './schedule-job.ts';

const HOUR_MS = 3_600_000;

describe('scheduleJob', () => {
  it('runs at once, never two runs at a time, and reports each result', async () => {
    let active = 0;
    let maxActive = 0;
    const results: number[] = [];
    const job = scheduleJob({
      intervalMs: HOUR_MS,
      clock: () => new Date('2025-07-01T00:00:00Z'),
      run: async (now) => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active -= 1;
        return now.getUTCMonth();
      },
      onRun: (month) => results.push(month),
      onError: (error) => {
        throw error;
      },
    });
    // The first run is already in flight: these join it rather than start a second one.
    await Promise.all([job.runNow(), job.runNow()]);
    await job.runNow();
    job.stop();
    expect(maxActive).toBe(1);
    expect(results).toEqual([6, 6]);
  });

  it('reports a failed run and runs again; after stop, a failure is not reported', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const job = scheduleJob({
      intervalMs: HOUR_MS,
      run: () => {
        calls += 1;
        return Promise.reject(new Error(`run ${calls}`));
      },
      onError: (error) => errors.push(error),
    });
    await job.runNow();
    await job.runNow();
    job.stop();
    await job.runNow();
    expect(calls).toBe(3);
    expect(errors.map((error) => (error as Error).message)).toEqual(['run 1', 'run 2']);
  });
});
