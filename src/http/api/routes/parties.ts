import {
  getEnterpriseRoute,
  importEnterprisesRoute,
  listEnterprisesRoute,
  registerEnterpriseRoute,
  updateEnterpriseRoute,
} from './parties-enterprises.ts';
import {
  createSigningKeyChallengeRoute,
  getProviderRoute,
  listProvidersRoute,
  listSigningKeysRoute,
  registerProviderRoute,
  registerSigningKeyRoute,
  revokeSigningKeyRoute,
} from './parties-providers.ts';
import {
  addPartyPersonRoute,
  linkRelatedPartiesRoute,
  listPartyPeopleRoute,
  listRelatedPartiesRoute,
} from './parties-related.ts';

/** Routes of the parties module: enterprises, providers, people, related parties. */
export const partiesRoutes = [
  listEnterprisesRoute,
  registerEnterpriseRoute,
  importEnterprisesRoute,
  getEnterpriseRoute,
  updateEnterpriseRoute,
  listProvidersRoute,
  registerProviderRoute,
  getProviderRoute,
  createSigningKeyChallengeRoute,
  registerSigningKeyRoute,
  listSigningKeysRoute,
  revokeSigningKeyRoute,
  listRelatedPartiesRoute,
  linkRelatedPartiesRoute,
  addPartyPersonRoute,
  listPartyPeopleRoute,
];
