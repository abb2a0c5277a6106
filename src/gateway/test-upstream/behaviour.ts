/**
 * How the test upstream behaves for a call, read from the model name it is asked for (the
 * gateway sends the catalog's upstream model name) or from request headers (direct calls):
 *
 * | model part / header                              | effect                                  |
 * | ------------------------------------------------ | --------------------------------------- |
 * | `fail-503` / `x-test-upstream-fail: 503`         | answers that status with an error body  |
 * | `slow-200` / `x-test-upstream-delay-ms: 200`     | waits 200 ms before answering           |
 * | `drip-20` / `x-test-upstream-chunk-delay-ms: 20` | waits 20 ms between streamed chunks     |
 * | `die-after-3` / `x-test-upstream-die-after: 3`   | cuts the connection after 3 chunks      |
 *
 * Parts combine with `+`: `echo+slow-50+die-after-3`. Any other model name is answered
 * normally.
 */
export interface Behaviour {
  failStatus: number | null;
  delayMs: number;
  chunkDelayMs: number;
  dieAfterChunks: number | null;
}

const PARTS: readonly [RegExp, keyof Behaviour][] = [
  [/^fail-(\d{3})$/, 'failStatus'],
  [/^slow-(\d{1,6})$/, 'delayMs'],
  [/^drip-(\d{1,6})$/, 'chunkDelayMs'],
  [/^die-after-(\d{1,6})$/, 'dieAfterChunks'],
];

const HEADERS: readonly [string, keyof Behaviour][] = [
  ['x-test-upstream-fail', 'failStatus'],
  ['x-test-upstream-delay-ms', 'delayMs'],
  ['x-test-upstream-chunk-delay-ms', 'chunkDelayMs'],
  ['x-test-upstream-die-after', 'dieAfterChunks'],
];

export function behaviourOf(
  model: string,
  headers: Record<string, string | string[] | undefined>,
): Behaviour {
  const behaviour: Behaviour = {
    failStatus: null,
    delayMs: 0,
    chunkDelayMs: 0,
    dieAfterChunks: null,
  };
  for (const part of model.split('+')) {
    for (const [pattern, field] of PARTS) {
      const match = pattern.exec(part);
      if (match?.[1]) behaviour[field] = Number(match[1]);
    }
  }
  for (const [header, field] of HEADERS) {
    const value = headers[header];
    if (typeof value === 'string' && /^\d{1,6}$/.test(value)) behaviour[field] = Number(value);
  }
  return behaviour;
}
