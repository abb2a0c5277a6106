import type { CallAbort } from './call-abort.ts';
import type { RoutingOffer } from '../services/gateway/catalog/index.ts';
import { openAiError, type GatewayFailure } from './openai-errors.ts';
import type { UpstreamClient, UpstreamResponse } from './upstream-client.ts';

export interface Forwarded {
  offer: RoutingOffer;
  response: UpstreamResponse;
  /** Milliseconds from sending to the response headers (the routing table's latency sample). */
  headersMs: number;
}

/** Whether another upstream should be tried after this answer: overload or server failure. */
function isRetryable(statusCode: number): boolean {
  return statusCode === 429 || statusCode >= 500;
}

/**
 * Sends the call to its upstreams in routing order until one answers: a connect error, a
 * timeout, a 5xx or a 429 moves on to the next (its body is discarded); any other answer — a
 * success, or a 4xx about the request itself — is the call's answer. Every attempt carries the
 * call's one request id, and only the answering offering is returned, so only it is billed.
 * When none answers: 429 if every upstream was overloaded, else 502.
 */
export async function forwardWithFallback(options: {
  client: UpstreamClient;
  offers: readonly RoutingOffer[];
  path: '/chat/completions' | '/embeddings';
  bodyFor: (offer: RoutingOffer) => string;
  requestId: string;
  signal: CallAbort;
  onAttemptFailed: (offer: RoutingOffer, reason: string) => void;
  /**
   * Before each attempt after the first (the reservation moves to the next offering's price).
   * What it throws ends the fallback and is the call's answer (402 when the balance is short).
   */
  beforeFallback: (offer: RoutingOffer) => Promise<void>;
}): Promise<Forwarded | GatewayFailure> {
  let overloaded = 0;
  let attempts = 0;
  for (const offer of options.offers) {
    if (options.signal.aborted) break;
    if (attempts > 0) await options.beforeFallback(offer);
    attempts += 1;
    const startedAt = performance.now();
    try {
      const response = await options.client.post({
        baseUrl: offer.upstreamBaseUrl,
        path: options.path,
        apiKey: offer.upstreamApiKey,
        body: options.bodyFor(offer),
        requestId: options.requestId,
        signal: options.signal,
      });
      if (!isRetryable(response.statusCode)) {
        return { offer, response, headersMs: performance.now() - startedAt };
      }
      if (response.statusCode === 429) overloaded += 1;
      await response.body.dump();
      options.onAttemptFailed(offer, `status ${response.statusCode}`);
    } catch (error) {
      options.onAttemptFailed(offer, error instanceof Error ? error.message : String(error));
    }
  }
  if (overloaded > 0 && overloaded === options.offers.length) {
    const failure = openAiError(
      429,
      'every upstream of the model is overloaded',
      'rate_limit_error',
      'upstream_overloaded',
    );
    failure.retryAfterSeconds = 1;
    return failure;
  }
  return openAiError(
    502,
    'no upstream of the model answered',
    'upstream_error',
    'upstream_unavailable',
  );
}

export function isFailure(value: Forwarded | GatewayFailure): value is GatewayFailure {
  return 'status' in value && 'body' in value;
}
