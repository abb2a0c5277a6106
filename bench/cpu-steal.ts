import { readFileSync } from 'node:fs';

/** The machine's CPU time so far, in clock ticks: all of it, and what the hypervisor took. */
export interface CpuTicks {
  total: number;
  steal: number;
}

/**
 * Reads the first line of /proc/stat (Linux; null elsewhere). `steal` is time this VM's CPUs were
 * ready to run but the host ran something else: on a shared VM the noise that no code here
 * causes, and the likeliest reason one run's p99 differs from the next one's.
 */
export function cpuTicks(): CpuTicks | null {
  let line: string | undefined;
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  } catch {
    return null;
  }
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice
  const fields = (line ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 8 || fields.some((value) => !Number.isFinite(value))) return null;
  return { total: fields.reduce((sum, value) => sum + value, 0), steal: fields[7] ?? 0 };
}

/** Adds the ticks between two readings to `into` (nothing without /proc/stat). */
export function addTicksBetween(into: CpuTicks, from: CpuTicks | null, to: CpuTicks | null): void {
  if (!from || !to) return;
  into.total += to.total - from.total;
  into.steal += to.steal - from.steal;
}

/** Steal as a percentage of `ticks` (null when no CPU time was counted). */
export function stealPercentOf(ticks: CpuTicks): number | null {
  return ticks.total > 0 ? (100 * ticks.steal) / ticks.total : null;
}

/** Steal as a percentage of the CPU time between two readings (null without /proc/stat). */
export function stealPercent(from: CpuTicks | null, to: CpuTicks | null): number | null {
  const ticks = { total: 0, steal: 0 };
  addTicksBetween(ticks, from, to);
  return stealPercentOf(ticks);
}
