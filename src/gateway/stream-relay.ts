import type { CallAbort } from './call-abort.ts';
import type { Logger } from 'pino';
import type { AdmittedCall } from './admit-call.ts';
import type { Forwarded } from './forward.ts';
import type { CallCost } from '../services/gateway/metering/index.ts';
import { costJson, type MeteredUsage, type SettleStatus } from './meter.ts';
import { estimatedUsage, usageOf } from './usage-of.ts';

const encoder = new TextEncoder();
/** Events longer than this are relayed without being inspected (never a usage chunk). */
const EVENT_INSPECT_BYTES_MAX = 64 * 1024;

export interface StreamRelayOptions {
  call: AdmittedCall;
  forwarded: Forwarded;
  /** The client asked for `stream_options.include_usage`: it gets the usage chunk, with cost. */
  clientWantsUsage: boolean;
  publicModelId: string;
  requestBytes: number;
  upstreamAbort: CallAbort;
  logger: Logger;
  /** `performance.now()` when the request arrived (latency and first token count from it). */
  arrivedAt: number;
  onSettled: (cost: CallCost, usage: MeteredUsage, status: SettleStatus) => void;
}

/**
 * Relays an upstream's server-sent events to the client as each event completes (nothing is
 * held back beyond the one event being read). The upstream was asked for usage; its usage chunk
 * is the one the call is billed on, passed to the client with `usage.cost` only if the client
 * asked for usage. If the client goes away, the upstream call is aborted; if the upstream dies,
 * the client gets an error event. Either way the call settles once, on what was delivered.
 */
export function relayStream(options: StreamRelayOptions): ReadableStream<Uint8Array> {
  const { call, forwarded } = options;
  const decoder = new TextDecoder();
  const iterator = (forwarded.response.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let pending = '';
  let deliveredChunks = 0;
  let firstTokenMs: number | null = null;
  const delivered = () => {
    deliveredChunks += 1;
    firstTokenMs ??= performance.now() - options.arrivedAt;
  };
  let reportedUsage: MeteredUsage | null = null;
  /** The upstream ended its stream properly (`[DONE]`), with or without a usage chunk. */
  let sawDone = false;
  let settled = false;

  // Synchronous: the meter bills from its lease in memory, no database round trip.
  const settle = (status: SettleStatus): CallCost | null => {
    if (settled) return null;
    settled = true;
    const usage =
      reportedUsage ??
      estimatedUsage({
        requestBytes: options.requestBytes,
        worstCase: call.worstCase,
        deliveredChunks,
      });
    const cost = call.reservation.settle({
      usage,
      status,
      latencyMs: performance.now() - options.arrivedAt,
      firstTokenMs,
    });
    options.onSettled(cost, usage, status);
    return cost;
  };

  /** The event to send on (null: drop it), with the public model id and the cost filled in. */
  const rewrite = (event: string): string | null => {
    if (!event.startsWith('data: ') || event.length > EVENT_INSPECT_BYTES_MAX) return event;
    const data = event.slice(6);
    if (data === '[DONE]') {
      sawDone = true;
      return event;
    }
    if (!data.includes('"usage":{')) {
      if (data.includes('"content":"') || data.includes('"tool_calls":[')) delivered();
      return event;
    }
    const chunk = JSON.parse(data) as { usage?: unknown; model?: string; choices?: unknown[] };
    reportedUsage = usageOf(chunk.usage, call.worstCase);
    if (chunk.choices && chunk.choices.length > 0) delivered();
    const cost = settle('ok');
    if (!options.clientWantsUsage) return chunk.choices && chunk.choices.length > 0 ? event : null;
    chunk.model = options.publicModelId;
    if (cost && typeof chunk.usage === 'object' && chunk.usage !== null) {
      (chunk.usage as Record<string, unknown>).cost = costJson(cost);
    }
    return `data: ${JSON.stringify(chunk)}`;
  };

  return new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      try {
        const next = await iterator.next();
        if (next.done) {
          if (pending.trim() !== '') controller.enqueue(encoder.encode(pending));
          // A stream that ended without [DONE] was cut off, even if the socket closed cleanly.
          settle(reportedUsage !== null || sawDone ? 'ok' : 'upstream-failed');
          controller.close();
          return;
        }
        pending += decoder.decode(next.value, { stream: true });
        let out = '';
        for (let end = pending.indexOf('\n\n'); end !== -1; end = pending.indexOf('\n\n')) {
          const event = rewrite(pending.slice(0, end));
          pending = pending.slice(end + 2);
          if (event !== null) out += `${event}\n\n`;
        }
        if (out !== '') controller.enqueue(encoder.encode(out));
      } catch (error) {
        if (options.upstreamAbort.aborted) return;
        options.logger.warn({ err: error }, 'upstream stream ended abnormally');
        const message = 'the upstream ended the stream before it was complete';
        controller.enqueue(
          encoder.encode(
            `data: ${JSON.stringify({ error: { message, type: 'upstream_error', param: null, code: 'upstream_disconnected' } })}\n\n`,
          ),
        );
        settle('upstream-failed');
        controller.close();
      }
    },
    cancel: () => {
      // The client went away: stop the upstream's work and bill what was delivered.
      options.upstreamAbort.abort();
      settle('client-aborted');
    },
  });
}
