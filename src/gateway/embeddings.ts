import { gatewayHeaders } from './response-headers.ts';
import { embeddingRequest } from '../contracts/gateway-openai.ts';
import { admitCall, repriceForFallback } from './admit-call.ts';
import { release, releasingOnThrow, relayRefusal } from './chat-completions.ts';
import { forwardWithFallback, isFailure } from './forward.ts';
import { costHeaders, costJson } from './meter.ts';
import { failureResponse, openAiError } from './openai-errors.ts';
import { readJsonBody } from './request-body.ts';
import type { GatewayRuntime } from './runtime.ts';
import type { ClientCall } from './client-call.ts';
import { estimatedUsage, usageOf } from './usage-of.ts';

/**
 * `POST /v1/embeddings`: billed on input tokens only, with the same checks, fallback and cost
 * reporting as chat.
 */
export async function handleEmbeddings(
  runtime: GatewayRuntime,
  call: ClientCall,
  requestId: string,
): Promise<Response> {
  const arrivedAt = performance.now();
  const now = runtime.clock();
  const { body, bytes } = await readJsonBody(call, embeddingRequest);
  const admitted = await admitCall({
    runtime,
    authorization: call.header('authorization'),
    requestId,
    modelId: body.model,
    kind: 'embedding',
    // Token-id inputs are one token per id; text is bounded by its bytes, as for chat.
    inputTokensBound: bytes,
    outputTokensAsked: null,
    now,
  });
  const gone = new AbortController();
  call.onGone(() => {
    gone.abort();
  });
  const forwarded = await releasingOnThrow(
    admitted,
    forwardWithFallback({
      client: runtime.upstreams,
      offers: admitted.offers,
      path: '/embeddings',
      bodyFor: (offer) => JSON.stringify({ ...body, model: offer.upstreamModel }),
      requestId,
      signal: gone.signal,
      beforeFallback: (offer) => repriceForFallback(admitted, offer),
      onAttemptFailed: (offer, reason) =>
        runtime.logger.warn(
          { requestId, offerId: offer.id, reason },
          'upstream failed; trying the next',
        ),
    }),
  );
  if (isFailure(forwarded)) {
    release(admitted);
    return failureResponse(forwarded, requestId);
  }
  if (forwarded.response.statusCode !== 200) return relayRefusal(admitted, forwarded, requestId);
  let json: Record<string, unknown>;
  try {
    json = (await forwarded.response.body.json()) as Record<string, unknown>;
  } catch {
    release(admitted);
    return failureResponse(
      openAiError(
        502,
        'the upstream answered with a body that is not JSON',
        'upstream_error',
        'upstream_invalid',
      ),
      requestId,
    );
  }
  const usage =
    usageOf(json.usage, admitted.worstCase) ??
    estimatedUsage({ requestBytes: bytes, worstCase: admitted.worstCase, deliveredChunks: 0 });
  const cost = admitted.reservation.settle({
    usage,
    status: 'ok',
    latencyMs: performance.now() - arrivedAt,
    firstTokenMs: null,
  });
  admitted.hold.finish({ tokens: usage.inputTokens, spendMicroFen: cost.totalMicroFen });
  json.model = body.model;
  json.usage = { ...(typeof json.usage === 'object' ? json.usage : {}), cost: costJson(cost) };
  return new Response(JSON.stringify(json), {
    status: 200,
    headers: {
      ...gatewayHeaders(requestId, 'application/json'),
      ...costHeaders(cost),
    },
  });
}
