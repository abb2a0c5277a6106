/** The MaaS gateway's model catalog: offerings of providers' upstream models (docs/gateway.md). */
export { createGatewayModel, type CreateGatewayModelOptions } from './create-gateway-model.ts';
export { updateGatewayModel, type UpdateGatewayModelOptions } from './update-gateway-model.ts';
export { listGatewayModels, getGatewayModel } from './list-gateway-models.ts';
export { listGatewayPrices, type GatewayPrice } from './price-list.ts';
export { loadRoutingOffers, recordModelHealth, type RoutingOffer } from './load-routing-offers.ts';
export type { GatewayModel } from './rows.ts';
export {
  resolveSecretBox,
  secretBoxOf,
  parseGatewaySecretKey,
  GENERATED_KEY_FILE,
  type SecretBox,
  type GatewaySecretSource,
} from './secret-box.ts';
