import { gatewayHeaders } from './response-headers.ts';
import { chatCompletionRequest } from '../contracts/gateway-openai.ts';
import { admitCall, repriceForFallback, type AdmittedCall } from './admit-call.ts';
import { forwardWithFallback, isFailure, type Forwarded } from './forward.ts';
import type { CallCost } from '../services/gateway/metering/index.ts';
import { costHeaders, costJson, type MeteredUsage, type SettleStatus } from './meter.ts';
import { failureResponse, openAiError } from './openai-errors.ts';
import { readJsonBody } from './request-body.ts';
import type { GatewayRuntime } from './runtime.ts';
import type { ClientCall } from './client-call.ts';
import { relayStream } from './stream-relay.ts';
import { estimatedUsage, usageOf } from './usage-of.ts';

/** Template tokens a chat format may add per message, on top of its bytes (the bound's margin). */
const TEMPLATE_TOKENS_PER_MESSAGE = 8;

/**
 * `POST /v1/chat/completions`, streaming or not. The body goes to the upstream as the client
 * sent it — tools, `tool_choice`, `response_format` and every other field — with `model` set to
 * the upstream's name and, for streams, `stream_options.include_usage` always on (the call is
 * billed on the upstream's usage). The answer carries `usage.cost`; non-streaming answers also
 * `x-suanli-cost-fen` and `x-suanli-subsidy-fen`.
 */
export async function handleChatCompletion(
  runtime: GatewayRuntime,
  call: ClientCall,
  requestId: string,
): Promise<Response> {
  const arrivedAt = performance.now();
  const now = runtime.clock();
  const { body, bytes } = await readJsonBody(call, chatCompletionRequest);
  const asked = body.max_completion_tokens ?? body.max_tokens ?? null;
  const admitted = await admitCall({
    runtime,
    authorization: call.header('authorization'),
    requestId,
    modelId: body.model,
    kind: 'chat',
    // Byte-level tokenizers never make more tokens than bytes: the body's bytes bound the input.
    inputTokensBound: bytes + TEMPLATE_TOKENS_PER_MESSAGE * body.messages.length,
    outputTokensAsked: asked === null ? null : asked * (body.n ?? 1),
    now,
  });
  const streaming = body.stream === true;
  const upstreamAbort = new AbortController();
  call.onGone(() => {
    upstreamAbort.abort();
  });
  const forwarded = await releasingOnThrow(
    admitted,
    forwardWithFallback({
      client: runtime.upstreams,
      offers: admitted.offers,
      path: '/chat/completions',
      bodyFor: (offer) =>
        JSON.stringify({
          ...body,
          model: offer.upstreamModel,
          ...(streaming ? { stream_options: { ...body.stream_options, include_usage: true } } : {}),
        }),
      requestId,
      signal: upstreamAbort.signal,
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
  runtime.routing.recordLatency(forwarded.offer.id, forwarded.headersMs);
  if (forwarded.response.statusCode !== 200) return relayRefusal(admitted, forwarded, requestId);
  const onSettled = (cost: CallCost, usage: MeteredUsage, status: SettleStatus) => {
    admitted.hold.finish({
      tokens: usage.inputTokens + usage.outputTokens,
      spendMicroFen: cost.totalMicroFen,
    });
    if (status !== 'ok')
      runtime.logger.info({ requestId, status }, 'stream ended early; billed what was delivered');
  };
  if (streaming) {
    const stream = relayStream({
      call: admitted,
      forwarded,
      clientWantsUsage: body.stream_options?.include_usage === true,
      publicModelId: body.model,
      requestBytes: bytes,
      arrivedAt,
      upstreamAbort,
      logger: runtime.logger,
      onSettled,
    });
    return new Response(stream, {
      status: 200,
      headers: {
        ...gatewayHeaders(requestId, 'text/event-stream; charset=utf-8'),
        'cache-control': 'no-cache',
      },
    });
  }
  return answerWhole(
    admitted,
    forwarded,
    { publicModelId: body.model, requestBytes: bytes, requestId, arrivedAt },
    onSettled,
  );
}

/** What `answerWhole` needs of the request. */
interface WholeAnswerContext {
  publicModelId: string;
  requestBytes: number;
  requestId: string;
  arrivedAt: number;
}

async function answerWhole(
  call: AdmittedCall,
  forwarded: Forwarded,
  context: WholeAnswerContext,
  onSettled: (cost: CallCost, usage: MeteredUsage, status: SettleStatus) => void,
): Promise<Response> {
  const { publicModelId, requestBytes, requestId } = context;
  let json: Record<string, unknown>;
  try {
    json = (await forwarded.response.body.json()) as Record<string, unknown>;
  } catch {
    release(call);
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
    usageOf(json.usage, call.worstCase) ??
    estimatedUsage({ requestBytes, worstCase: call.worstCase, deliveredChunks: 0 });
  const cost = call.reservation.settle({
    usage,
    status: 'ok',
    latencyMs: performance.now() - context.arrivedAt,
    firstTokenMs: null,
  });
  onSettled(cost, usage, 'ok');
  json.model = publicModelId;
  json.usage = { ...(typeof json.usage === 'object' ? json.usage : {}), cost: costJson(cost) };
  return new Response(JSON.stringify(json), {
    status: 200,
    headers: {
      ...gatewayHeaders(requestId, 'application/json'),
      ...costHeaders(cost),
    },
  });
}

/** The upstream refused the request itself (a 4xx): nothing is billed, its answer is relayed. */
export async function relayRefusal(
  call: AdmittedCall,
  forwarded: Forwarded,
  requestId: string,
): Promise<Response> {
  const text = await forwarded.response.body.text();
  release(call);
  return new Response(text, {
    status: forwarded.response.statusCode,
    headers: gatewayHeaders(requestId, 'application/json'),
  });
}

/** No upstream answered: the reservation and the worst case taken from the limits go back. */
export function release(call: AdmittedCall): void {
  call.hold.finish({ tokens: 0, spendMicroFen: 0n });
  call.reservation.release();
}

/** Forwards the call; if forwarding throws (a fallback the balance cannot cover), releases it. */
export async function releasingOnThrow<T>(call: AdmittedCall, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    release(call);
    throw error;
  }
}
