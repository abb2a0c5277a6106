/** The MaaS gateway: the OpenAI-compatible `/v1` app (docs/gateway.md). */
export { createGateway, type Gateway, type GatewayOptions } from './gateway-app.ts';
export {
  unbilledMeter,
  priceUsageMicroFen,
  type GatewayMeter,
  type Reservation,
  type ReserveRequest,
  type CallCost,
  type MeteredOffer,
  type MeteredUsage,
  type MeteredCaller,
  type SettleStatus,
  type CallOutcome,
} from './meter.ts';
export {
  startTestUpstream,
  type TestUpstream,
  type ReceivedCall,
} from './test-upstream/test-upstream.ts';
export { ledgerMeter } from './ledger-meter.ts';
