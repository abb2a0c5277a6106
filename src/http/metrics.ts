import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UsageRecord } from '../services/gateway/usage/index.ts';

/** Prometheus registry of one process; `/metrics` serves it as text. */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDurationSeconds: Histogram<'method' | 'route'>;
  /** MaaS gateway calls by model and how they ended (`refused`: 402 before any upstream). */
  gatewayCalls: Counter<'model' | 'status'>;
  /** Whole fen billed to the ledger by model and side (voucher, wallet). */
  gatewayBilledFen: Counter<'model' | 'side'>;
  gatewayTokens: Counter<'model' | 'direction'>;
  gatewayLatencySeconds: Histogram<'model' | 'status'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'suanli_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'suanli_http_requests_total',
      help: 'HTTP requests by method, matched route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    httpDurationSeconds: new Histogram({
      name: 'suanli_http_request_duration_seconds',
      help: 'HTTP request latency by method and matched route',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    }),
    gatewayCalls: new Counter({
      name: 'suanli_gateway_calls_total',
      help: 'MaaS gateway calls by model and status',
      labelNames: ['model', 'status'],
      registers: [registry],
    }),
    gatewayBilledFen: new Counter({
      name: 'suanli_gateway_billed_fen_total',
      help: 'Whole fen billed for MaaS calls by model and side (voucher, wallet)',
      labelNames: ['model', 'side'],
      registers: [registry],
    }),
    gatewayTokens: new Counter({
      name: 'suanli_gateway_tokens_total',
      help: 'Tokens of MaaS calls by model and direction (input, output)',
      labelNames: ['model', 'direction'],
      registers: [registry],
    }),
    gatewayLatencySeconds: new Histogram({
      name: 'suanli_gateway_call_duration_seconds',
      help: 'MaaS call latency by model and status',
      labelNames: ['model', 'status'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
  };
}

/**
 * Counts one MaaS call: pass it as the meter's `onRecord` (settled calls), and call it for calls
 * refused before reaching a model with `status: 'refused'` and zero cost.
 *
 * @example
 * const meter = new Meter({ db, onRecord: (record) => observeGatewayCall(metrics, record) });
 */
export function observeGatewayCall(
  metrics: Metrics,
  call: Pick<
    UsageRecord,
    | 'modelId'
    | 'status'
    | 'inputTokens'
    | 'outputTokens'
    | 'billedVoucherFen'
    | 'billedWalletFen'
    | 'latencyMs'
  >,
): void {
  const model = call.modelId;
  metrics.gatewayCalls.inc({ model, status: call.status });
  metrics.gatewayLatencySeconds.observe({ model, status: call.status }, call.latencyMs / 1000);
  if (call.inputTokens > 0) {
    metrics.gatewayTokens.inc({ model, direction: 'input' }, call.inputTokens);
  }
  if (call.outputTokens > 0) {
    metrics.gatewayTokens.inc({ model, direction: 'output' }, call.outputTokens);
  }
  // Counters take numbers: a process bills far below 2^53 fen between scrapes and restarts.
  if (call.billedVoucherFen > 0n) {
    metrics.gatewayBilledFen.inc({ model, side: 'voucher' }, Number(call.billedVoucherFen));
  }
  if (call.billedWalletFen > 0n) {
    metrics.gatewayBilledFen.inc({ model, side: 'wallet' }, Number(call.billedWalletFen));
  }
}
