import type { ApiContext } from './api-env.ts';

/**
 * The caller's network address for rate limits (sign-in, public objections) and the
 * login-attempt record. The socket's peer address, unless `TRUST_PROXY` says one reverse proxy
 * stands in front: then the last `x-forwarded-for` entry, the one that proxy appended (entries
 * before it are whatever the client sent). 'in-process' for requests that came through no
 * socket (tests).
 *
 * @example
 * limiter.recordFailure(`client:${clientAddress(c)}`, now);
 */
export function clientAddress(c: ApiContext): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const peer = env?.incoming?.socket?.remoteAddress;
  if (c.get('config').TRUST_PROXY) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded.slice(0, 100);
  }
  return peer ?? 'in-process';
}
