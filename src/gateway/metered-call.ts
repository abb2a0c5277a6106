import type { z } from 'zod';
import { DomainError } from '../domain/shared/errors.ts';
import type { RoutingOffer } from '../services/gateway/catalog/index.ts';
import type { CallCost } from '../services/gateway/metering/index.ts';
import { admitCall, repriceForFallback, type AdmittedCall } from './admit-call.ts';
import { CallAbort } from './call-abort.ts';
import type { ClientCall } from './client-call.ts';
import { forwardWithFallback, isFailure, type Forwarded } from './forward.ts';
import { costHeaders, costJson, type MeteredUsage, type SettleStatus } from './meter.ts';
import type { GatewayAnswer } from './gateway-answer.ts';
import { failureAnswer, openAiError } from './openai-errors.ts';
import { readJsonBody } from './request-body.ts';
import { gatewayHeaders } from './response-headers.ts';
import type { GatewayRuntime } from './runtime.ts';
import { estimatedUsage, usageOf } from './usage-of.ts';

/** What one kind of model call (chat, embeddings) adds to the frame every call shares. */
export interface MeteredCallKind<Schema extends z.ZodType<{ model: string }>> {
  kind: 'chat' | 'embedding';
  path: '/chat/completions' | '/embeddings';
  schema: Schema;
  /** The input-token bound and the output tokens asked for (null: the model's cap). */
  bounds: (
    body: z.output<Schema>,
    bytes: number,
  ) => { inputTokensBound: number; outputTokensAsked: number | null };
  /** The body the upstream gets for `offer`. */
  upstreamBody: (body: z.output<Schema>, offer: RoutingOffer) => string;
  /** The answer when the call streams (null: answered whole, as JSON). */
  stream?: (answer: StreamedAnswer<z.output<Schema>>) => GatewayAnswer | null;
}

/** What a streamed answer needs: the call, the upstream's answer and how to settle. */
export interface StreamedAnswer<Body> {
  body: Body;
  bytes: number;
  requestId: string;
  arrivedAt: number;
  admitted: AdmittedCall;
  forwarded: Forwarded;
  upstreamAbort: CallAbort;
  runtime: GatewayRuntime;
  onSettled: (cost: CallCost, usage: MeteredUsage, status: SettleStatus) => void;
}

/**
 * The frame of every metered model call: read the body; admit the call (key, model, limits, the
 * worst case reserved — `admitCall`); forward it with fallback, re-pricing the reservation before
 * each fallback; release what it holds when no upstream answers or the upstream refuses the
 * request; settle what was delivered and report its cost. A call refused for want of balance
 * (402, at admission or at a fallback's re-price) is counted by `runtime.onRefused`.
 */
export async function handleMeteredCall<Schema extends z.ZodType<{ model: string }>>(
  runtime: GatewayRuntime,
  call: ClientCall,
  requestId: string,
  kind: MeteredCallKind<Schema>,
): Promise<GatewayAnswer> {
  const arrivedAt = performance.now();
  const now = runtime.clock();
  const { body, bytes } = await readJsonBody(call, kind.schema);
  const admitted = await admitCall({
    runtime,
    authorization: call.header('authorization'),
    requestId,
    modelId: body.model,
    kind: kind.kind,
    ...kind.bounds(body, bytes),
    now,
  });
  const upstreamAbort = new CallAbort();
  call.onGone(() => {
    upstreamAbort.abort();
  });
  let forwarded: Forwarded;
  try {
    const answer = await forwardWithFallback({
      client: runtime.upstreams,
      offers: admitted.offers,
      path: kind.path,
      bodyFor: (offer) => kind.upstreamBody(body, offer),
      requestId,
      signal: upstreamAbort,
      beforeFallback: (offer) => repriceForFallback(admitted, offer),
      onAttemptFailed: (offer, reason) =>
        runtime.logger.warn(
          { requestId, offerId: offer.id, reason },
          'upstream failed; trying the next',
        ),
    });
    if (isFailure(answer)) {
      release(admitted);
      return failureAnswer(answer, requestId);
    }
    forwarded = answer;
  } catch (error) {
    // A fallback the balance cannot cover (its re-price refused): the call is refused, 402.
    release(admitted);
    if (error instanceof DomainError && error.code === 'INSUFFICIENT_BALANCE') {
      runtime.onRefused({ modelId: body.model });
    }
    throw error;
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
  const streamed = kind.stream?.({
    body,
    bytes,
    requestId,
    arrivedAt,
    admitted,
    forwarded,
    upstreamAbort,
    runtime,
    onSettled,
  });
  if (streamed) return streamed;
  return answerWhole(admitted, forwarded, { body, bytes, requestId, arrivedAt }, onSettled);
}

/** A whole (non-streamed) JSON answer: settled on its usage, with `usage.cost` and the headers. */
async function answerWhole(
  call: AdmittedCall,
  forwarded: Forwarded,
  context: { body: { model: string }; bytes: number; requestId: string; arrivedAt: number },
  onSettled: (cost: CallCost, usage: MeteredUsage, status: SettleStatus) => void,
): Promise<GatewayAnswer> {
  const { requestId } = context;
  let json: Record<string, unknown>;
  try {
    json = (await forwarded.response.body.json()) as Record<string, unknown>;
  } catch {
    release(call);
    return failureAnswer(
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
    estimatedUsage({ requestBytes: context.bytes, worstCase: call.worstCase, deliveredChunks: 0 });
  const cost = call.reservation.settle({
    usage,
    status: 'ok',
    latencyMs: performance.now() - context.arrivedAt,
    firstTokenMs: null,
  });
  onSettled(cost, usage, 'ok');
  json.model = context.body.model;
  json.usage = { ...(typeof json.usage === 'object' ? json.usage : {}), cost: costJson(cost) };
  return {
    status: 200,
    headers: { ...gatewayHeaders(requestId, 'application/json'), ...costHeaders(cost) },
    body: JSON.stringify(json),
  };
}

/** The upstream refused the request itself (a 4xx): nothing is billed, its answer is relayed. */
async function relayRefusal(
  call: AdmittedCall,
  forwarded: Forwarded,
  requestId: string,
): Promise<GatewayAnswer> {
  const text = await forwarded.response.body.text();
  release(call);
  return {
    status: forwarded.response.statusCode,
    headers: gatewayHeaders(requestId, 'application/json'),
    body: text,
  };
}

/** No upstream answered: the reservation and the worst case taken from the limits go back. */
function release(call: AdmittedCall): void {
  call.hold.finish({ tokens: 0, spendMicroFen: 0n });
  call.reservation.release();
}
