/**
 * The MaaS gateway's services, for clients outside the module (the demo seeder): the model
 * catalog, gateway keys, wallet deposits and balances. The gateway itself (src/gateway) imports the sub-modules directly.
 */
export * from './catalog/index.ts';
export * from './keys/index.ts';
export { depositToWallet } from './metering/index.ts';
export { getGatewayBalances } from './usage/index.ts';
