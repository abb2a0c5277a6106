/**
 * Asserts an invariant. A failure is a bug in Suanli, never an expected outcome: it throws an
 * `AssertionError` that the HTTP layer turns into a 500 with a request id.
 */
export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}
