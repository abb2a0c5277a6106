/** Gateway API keys of enterprises and the shared counters of their limits (docs/gateway.md). */
export {
  createGatewayKey,
  GATEWAY_KEY_PREFIX,
  GATEWAY_KEY_PATTERN,
  type CreateGatewayKeyOptions,
} from './create-gateway-key.ts';
export { listGatewayKeys, revokeGatewayKey } from './list-gateway-keys.ts';
export { authenticateGatewayKey } from './authenticate-gateway-key.ts';
export { takeWindowSlice, returnWindowSlice, type WindowDimension } from './take-window-slice.ts';
export type { GatewayKey } from './rows.ts';
