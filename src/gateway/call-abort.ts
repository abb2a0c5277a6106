import { EventEmitter } from 'node:events';

/**
 * Stops a call's upstream request when the client goes away: an EventEmitter with `aborted`,
 * which undici takes as a request's `signal` as it takes an AbortSignal. An AbortController
 * per call outlived the call in V8's young generation and was promoted — with what it held —
 * on every call (about a third of the bytes each scavenge copied in `bench:gateway`, whose
 * pauses set the gateway's p99; docs/benchmarks.md#gateway).
 */
export class CallAbort extends EventEmitter {
  #aborted = false;

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Aborts once; listeners of 'abort' run now. */
  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.emit('abort');
  }
}
