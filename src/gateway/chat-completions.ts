import { chatCompletionRequest } from '../contracts/gateway-openai.ts';
import type { ClientCall } from './client-call.ts';
import type { GatewayAnswer } from './gateway-answer.ts';
import { handleMeteredCall, type MeteredCallKind } from './metered-call.ts';
import { gatewayHeaders } from './response-headers.ts';
import type { GatewayRuntime } from './runtime.ts';
import { relayStream } from './stream-relay.ts';

/** Template tokens a chat format may add per message, on top of its bytes (the bound's margin). */
const TEMPLATE_TOKENS_PER_MESSAGE = 8;

const chat: MeteredCallKind<typeof chatCompletionRequest> = {
  kind: 'chat',
  path: '/chat/completions',
  schema: chatCompletionRequest,
  bounds: (body, bytes) => {
    const asked = body.max_completion_tokens ?? body.max_tokens ?? null;
    return {
      // Byte-level tokenizers never make more tokens than bytes: the body's bytes bound the input.
      inputTokensBound: bytes + TEMPLATE_TOKENS_PER_MESSAGE * body.messages.length,
      outputTokensAsked: asked === null ? null : asked * (body.n ?? 1),
    };
  },
  upstreamBody: (body, offer) =>
    JSON.stringify({
      ...body,
      model: offer.upstreamModel,
      ...(body.stream === true
        ? { stream_options: { ...body.stream_options, include_usage: true } }
        : {}),
    }),
  stream: (answer) => {
    if (answer.body.stream !== true) return null;
    const stream = relayStream({
      call: answer.admitted,
      forwarded: answer.forwarded,
      clientWantsUsage: answer.body.stream_options?.include_usage === true,
      publicModelId: answer.body.model,
      requestBytes: answer.bytes,
      arrivedAt: answer.arrivedAt,
      upstreamAbort: answer.upstreamAbort,
      logger: answer.runtime.logger,
      onSettled: answer.onSettled,
    });
    return {
      status: 200,
      headers: {
        ...gatewayHeaders(answer.requestId, 'text/event-stream; charset=utf-8'),
        'cache-control': 'no-cache',
      },
      body: stream,
    };
  },
};

/**
 * `POST /v1/chat/completions`, streaming or not. The body goes to the upstream as the client
 * sent it — tools, `tool_choice`, `response_format` and every other field — with `model` set to
 * the upstream's name and, for streams, `stream_options.include_usage` always on (the call is
 * billed on the upstream's usage). The answer carries `usage.cost`; non-streaming answers also
 * `x-suanli-cost-fen` and `x-suanli-subsidy-fen` (`handleMeteredCall`).
 */
export function handleChatCompletion(
  runtime: GatewayRuntime,
  call: ClientCall,
  requestId: string,
): Promise<GatewayAnswer> {
  return handleMeteredCall(runtime, call, requestId, chat);
}
