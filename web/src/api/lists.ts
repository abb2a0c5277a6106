import { useQuery } from '@tanstack/react-query';
import { api, type RequestOptions } from './client.ts';

/**
 * The two shapes the exchange's, the gateway's and the history's clients share: a list the
 * console's tables show (at most a page of 200, cached under a key), and a create that carries
 * the form's idempotency key (kept across retries of one intent).
 */

/** The most rows a console table asks for at once (the API's page limit). */
export const LIST_LIMIT = 200;

/**
 * A list query of `path`, asking for `LIST_LIMIT` items and the `query` filters (undefined ones
 * left out); `enabled: false` waits (e.g. for the signed-in tenant's id).
 *
 * @example
 * const keys = useList<Page<GatewayKey>>(['gateway-keys'], '/api/v1/gateway/keys');
 */
export function useList<T>(
  key: readonly unknown[],
  path: string,
  options: {
    query?: RequestOptions['query'];
    enabled?: boolean;
    refetchInterval?: number;
  } = {},
) {
  return useQuery({
    queryKey: key,
    queryFn: () => api.get<T>(path, { query: { limit: LIST_LIMIT, ...options.query } }),
    ...(options.enabled === undefined ? {} : { enabled: options.enabled }),
    ...(options.refetchInterval === undefined ? {} : { refetchInterval: options.refetchInterval }),
  });
}

/** A POST that creates something, once per `idempotencyKey`. */
export function createOnce<T>(path: string, body: unknown, idempotencyKey: string): Promise<T> {
  return api.post<T>(path, body, { idempotencyKey });
}
