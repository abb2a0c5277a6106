import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus registry of one process; `/metrics` serves it as text. */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDurationSeconds: Histogram<'method' | 'route'>;
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
  };
}
