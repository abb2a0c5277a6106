/**
 * The MaaS gateway's services, for clients outside the module (the demo seeder): the model
 * catalog and gateway keys. The gateway itself (src/gateway) imports the sub-modules directly.
 */
export * from './catalog/index.ts';
export * from './keys/index.ts';
