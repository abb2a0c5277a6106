/**
 * The exchange matcher's public API (docs/exchange-matching.md): `clearMarket` and its types,
 * the input check the services run before it, and the hubs a latency class accepts. The other
 * files of this folder are its inside.
 */
export type * from './types.ts';
export { clearMarket } from './clear-market.ts';
export { marketInputProblem, MATCHING_LIMITS } from './validate-input.ts';
export {
  HUB_IDS,
  homeHubOf,
  hubOf,
  hubsWithinLatency,
  type HubId,
  type LatencyClass,
} from '../hubs.ts';
