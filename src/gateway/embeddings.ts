import { embeddingRequest } from '../contracts/gateway-openai.ts';
import type { ClientCall } from './client-call.ts';
import type { GatewayAnswer } from './gateway-answer.ts';
import { handleMeteredCall, type MeteredCallKind } from './metered-call.ts';
import type { GatewayRuntime } from './runtime.ts';

const embeddings: MeteredCallKind<typeof embeddingRequest> = {
  kind: 'embedding',
  path: '/embeddings',
  schema: embeddingRequest,
  // Token-id inputs are one token per id; text is bounded by its bytes, as for chat.
  bounds: (_, bytes) => ({ inputTokensBound: bytes, outputTokensAsked: null }),
  upstreamBody: (body, offer) => JSON.stringify({ ...body, model: offer.upstreamModel }),
};

/**
 * `POST /v1/embeddings`: billed on input tokens only, with the same checks, fallback and cost
 * reporting as chat (`handleMeteredCall`).
 */
export function handleEmbeddings(
  runtime: GatewayRuntime,
  call: ClientCall,
  requestId: string,
): Promise<GatewayAnswer> {
  return handleMeteredCall(runtime, call, requestId, embeddings);
}
