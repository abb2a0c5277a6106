import { recordModelHealth } from '../services/gateway/catalog/index.ts';
import type { GatewayRuntime } from './runtime.ts';

const PROBE_TIMEOUT_MS = 5_000;

/**
 * Probes every active offering's upstream (`GET {base}/models`, the cheapest call every
 * OpenAI-compatible server answers) and writes up/down, the latency and the error into the
 * catalog; routing puts `down` offerings last. Probes run one after another (a catalog of
 * hundreds of upstreams takes a while, but never floods them).
 */
export async function probeUpstreams(
  runtime: GatewayRuntime,
): Promise<{ up: number; down: number }> {
  let up = 0;
  let down = 0;
  for (const offer of runtime.routing.allOffers()) {
    const startedAt = performance.now();
    let error: string | null = null;
    try {
      const response = await runtime.upstreams.get({
        baseUrl: offer.upstreamBaseUrl,
        path: '/models',
        apiKey: offer.upstreamApiKey,
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      await response.body.dump();
      if (response.statusCode >= 400) error = `status ${response.statusCode}`;
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught);
    }
    const latencyMs = Math.round(performance.now() - startedAt);
    if (error === null) {
      up += 1;
      runtime.routing.recordLatency(offer.id, latencyMs);
    } else {
      down += 1;
    }
    await recordModelHealth({
      sql: runtime.db,
      id: offer.id,
      health: error === null ? 'up' : 'down',
      latencyMs: error === null ? latencyMs : null,
      error,
      now: runtime.clock(),
    });
  }
  return { up, down };
}
