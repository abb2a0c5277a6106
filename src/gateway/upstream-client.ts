import { Pool, type Dispatcher } from 'undici';

/** An upstream's answer, body not yet read. */
export interface UpstreamResponse {
  statusCode: number;
  headers: Dispatcher.ResponseData['headers'];
  body: Dispatcher.ResponseData['body'];
}

const CONNECTIONS_PER_UPSTREAM = 128;
const POOLS_MAX = 1_000;

/**
 * Calls OpenAI-compatible upstreams through undici, one keep-alive pool per origin (connections
 * are reused across calls, so a call pays no TCP handshake). Pools of origins no longer in the
 * catalog are closed with the client.
 */
export class UpstreamClient {
  private readonly pools = new Map<string, Pool>();

  /** POSTs `body` to `{baseUrl}{path}` (`/chat/completions`, `/embeddings`). */
  post(options: {
    baseUrl: string;
    path: string;
    apiKey: string | null;
    body: string;
    requestId: string;
    signal: AbortSignal;
  }): Promise<UpstreamResponse> {
    const url = new URL(options.baseUrl);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-request-id': options.requestId,
    };
    if (options.apiKey !== null) headers.authorization = `Bearer ${options.apiKey}`;
    return this.poolOf(url.origin).request({
      method: 'POST',
      path: `${url.pathname.replace(/\/+$/u, '')}${options.path}`,
      headers,
      body: options.body,
      signal: options.signal,
      // Streams may pause between tokens; the whole call is bounded by the caller's signal.
      bodyTimeout: 300_000,
      headersTimeout: 120_000,
    });
  }

  /** GETs `{baseUrl}{path}` (health probes). */
  get(options: {
    baseUrl: string;
    path: string;
    apiKey: string | null;
    signal: AbortSignal;
  }): Promise<UpstreamResponse> {
    const url = new URL(options.baseUrl);
    const headers: Record<string, string> = {};
    if (options.apiKey !== null) headers.authorization = `Bearer ${options.apiKey}`;
    return this.poolOf(url.origin).request({
      method: 'GET',
      path: `${url.pathname.replace(/\/+$/u, '')}${options.path}`,
      headers,
      signal: options.signal,
    });
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy()));
  }

  private poolOf(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      if (this.pools.size >= POOLS_MAX) throw new Error('too many upstream origins');
      pool = new Pool(origin, { connections: CONNECTIONS_PER_UPSTREAM, pipelining: 1 });
      this.pools.set(origin, pool);
    }
    return pool;
  }
}
