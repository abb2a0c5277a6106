/** The MaaS gateway: the OpenAI-compatible `/v1` app (docs/gateway.md). */
export {
  createGateway,
  type AnsweredCall,
  type Gateway,
  type GatewayOptions,
} from './gateway-app.ts';
export {
  costJson,
  costHeaders,
  meterModelOf,
  type GatewayMeter,
  type MeteredUsage,
  type SettleStatus,
} from './meter.ts';
export {
  startTestUpstream,
  type TestUpstream,
  type ReceivedCall,
} from './test-upstream/test-upstream.ts';
