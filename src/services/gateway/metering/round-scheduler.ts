/**
 * Runs a meter's settlement rounds one at a time: on a timer, `soon()` (in the background), or
 * `now()` (and wait). Calls that ask while a round runs share the next one, so a burst of calls
 * needing a top-up costs one round, not one each.
 */
export class RoundScheduler {
  readonly #run: () => Promise<void>;
  readonly #intervalMs: number;
  #current: Promise<void> | null = null;
  #next: Promise<void> | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  /** The last background round's failure (the next round retries what it kept). */
  lastError: unknown = null;

  constructor(run: () => Promise<void>, intervalMs: number) {
    this.#run = run;
    this.#intervalMs = intervalMs;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.soon(), this.#intervalMs);
    this.#timer.unref();
  }

  /** A round in the background; a failure is kept in `lastError`, not thrown. */
  soon(): void {
    this.now().then(
      () => {
        this.lastError = null;
      },
      (error: unknown) => {
        this.lastError = error;
      },
    );
  }

  /** The next round (shared with every caller asking before it starts); resolves when it ends. */
  now(): Promise<void> {
    if (this.#next) return this.#next;
    const previous = this.#current;
    const next = (async () => {
      // Always yield once first, so `#next` is set before this round clears it.
      await (previous ?? Promise.resolve()).catch(() => undefined);
      this.#next = null;
      const round = this.#run();
      this.#current = round;
      try {
        await round;
      } finally {
        if (this.#current === round) this.#current = null;
      }
    })();
    this.#next = next;
    return next;
  }

  /** Stops the timer and runs a last round (retried while it fails, at most three times). */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.now();
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }
}
