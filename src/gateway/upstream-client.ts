import type { CallAbort } from './call-abort.ts';
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
  private readonly baseUrls = new Map<string, { origin: string; basePath: string }>();

  /** POSTs `body` to `{baseUrl}{path}` (`/chat/completions`, `/embeddings`). */
  post(options: {
    baseUrl: string;
    path: string;
    apiKey: string | null;
    body: string;
    requestId: string;
    /** Aborts the request (and its body) when it fires. */
    signal: CallAbort;
  }): Promise<UpstreamResponse> {
    const { origin, basePath } = this.parsed(options.baseUrl);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-request-id': options.requestId,
    };
    if (options.apiKey !== null) headers.authorization = `Bearer ${options.apiKey}`;
    return this.poolOf(origin).request({
      method: 'POST',
      path: `${basePath}${options.path}`,
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
    const { origin, basePath } = this.parsed(options.baseUrl);
    const headers: Record<string, string> = {};
    if (options.apiKey !== null) headers.authorization = `Bearer ${options.apiKey}`;
    return this.poolOf(origin).request({
      method: 'GET',
      path: `${basePath}${options.path}`,
      headers,
      signal: options.signal,
    });
  }

  /** A base URL's origin and path (without trailing slashes), parsed once per URL. */
  private parsed(baseUrl: string): { origin: string; basePath: string } {
    let parsed = this.baseUrls.get(baseUrl);
    if (!parsed) {
      const url = new URL(baseUrl);
      parsed = { origin: url.origin, basePath: url.pathname.replace(/\/+$/u, '') };
      if (this.baseUrls.size >= POOLS_MAX) this.baseUrls.clear();
      this.baseUrls.set(baseUrl, parsed);
    }
    return parsed;
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
