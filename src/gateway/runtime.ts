import type { Database } from '../db/client.ts';
import type { Logger } from 'pino';
import type { KeyCache } from './key-cache.ts';
import type { KeyLimiter } from './key-limiter.ts';
import type { GatewayMeter } from './meter.ts';
import type { RoutingTable } from './routing-table.ts';
import type { UpstreamClient } from './upstream-client.ts';

/** What every gateway handler works with; one per server process. */
export interface GatewayRuntime {
  db: Database;
  logger: Logger;
  keys: KeyCache;
  limiter: KeyLimiter;
  routing: RoutingTable;
  upstreams: UpstreamClient;
  meter: GatewayMeter;
  /** Told of each call refused for want of balance (402): the meter records none of them. */
  onRefused: (call: { modelId: string }) => void;
  clock: () => Date;
}
