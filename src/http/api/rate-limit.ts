/**
 * Counts failures per key in a fixed window, in this process's memory. Good enough to slow
 * password guessing on one node; with several API processes each counts on its own (the limit
 * per attacker is then multiplied by the number of processes), which is documented, not hidden.
 */
export class FailureLimiter {
  readonly #windows = new Map<string, { startedAtMs: number; failures: number }>();
  readonly #maxFailures: number;
  readonly #windowMs: number;
  /** Bounded memory: past this many keys the oldest windows are dropped. */
  readonly #maxKeys: number;

  constructor(options: { maxFailures: number; windowSeconds: number; maxKeys?: number }) {
    this.#maxFailures = options.maxFailures;
    this.#windowMs = options.windowSeconds * 1000;
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  /** Seconds until `key` may try again, or 0 when it is not blocked. */
  retryAfterSeconds(key: string, nowMs: number): number {
    const window = this.#windows.get(key);
    if (!window || nowMs - window.startedAtMs >= this.#windowMs) return 0;
    if (window.failures < this.#maxFailures) return 0;
    return Math.ceil((window.startedAtMs + this.#windowMs - nowMs) / 1000);
  }

  recordFailure(key: string, nowMs: number): void {
    const window = this.#windows.get(key);
    if (!window || nowMs - window.startedAtMs >= this.#windowMs) {
      if (this.#windows.size >= this.#maxKeys) {
        const oldest = this.#windows.keys().next();
        if (oldest.done !== true) this.#windows.delete(oldest.value);
      }
      this.#windows.set(key, { startedAtMs: nowMs, failures: 1 });
      return;
    }
    window.failures += 1;
  }

  reset(key: string): void {
    this.#windows.delete(key);
  }
}
