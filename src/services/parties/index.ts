/**
 * Parties (docs/architecture.md#modules): enterprises, providers, their people, related-party
 * links, CSV import and provider signing keys. Other modules import from here.
 */
export {
  registerEnterprise,
  type RegisterEnterpriseOptions,
  type RegisteredEnterprise,
} from './register-enterprise.ts';
export { updateEnterprise, type UpdateEnterpriseOptions } from './update-enterprise.ts';
export {
  getEnterprise,
  findEnterpriseByUscc,
  type GetEnterpriseOptions,
} from './get-enterprise.ts';
export {
  listEnterprises,
  LIST_LIMIT_MAX,
  type ListEnterprisesOptions,
  type Page,
} from './list-enterprises.ts';
export {
  registerProvider,
  type RegisterProviderOptions,
  type RegisteredProvider,
} from './register-provider.ts';
export { getProvider, type GetProviderOptions } from './get-provider.ts';
export { listProviders, type ListProvidersOptions } from './list-providers.ts';
export {
  addPartyPerson,
  hashIdDocument,
  type AddPartyPersonOptions,
  type PartyPersonInput,
} from './add-party-person.ts';
export { listPartyPeople, type ListPartyPeopleOptions } from './list-party-people.ts';
export {
  linkRelatedParties,
  type LinkRelatedPartiesOptions,
  type LinkedParties,
} from './link-related-parties.ts';
export {
  listRelatedParties,
  type ListRelatedPartiesOptions,
  type RelatedParty,
} from './list-related-parties.ts';
export { areRelated, type AreRelatedOptions, type RelatedPartyCheck } from './are-related.ts';
export {
  importEnterprisesCsv,
  type ImportEnterprisesCsvOptions,
  type ImportEnterprisesResult,
  type ImportedRow,
} from './import-enterprises-csv.ts';
export {
  registerProviderSigningKey,
  parseEd25519PublicKey,
  type ProviderSigningKey,
  type RegisterProviderSigningKeyOptions,
} from './register-provider-signing-key.ts';
export {
  createSigningKeyChallenge,
  SIGNING_KEY_CHALLENGE_TTL_MS,
  type CreateSigningKeyChallengeOptions,
  type SigningKeyChallenge,
  type SigningKeyProof,
} from './signing-key-challenges.ts';
export {
  revokeProviderSigningKey,
  type RevokeProviderSigningKeyOptions,
} from './revoke-provider-signing-key.ts';
export {
  listProviderSigningKeys,
  type ListProviderSigningKeysOptions,
} from './list-provider-signing-keys.ts';
export { makeUscc, validateUscc, normalizeUscc } from '../../domain/parties/uscc.ts';
export { regionContains, isRegionCode } from '../../domain/parties/region.ts';
export type {
  Enterprise,
  EnterpriseInput,
  EnterpriseSize,
  CreditRecord,
  EnterprisePatch,
} from '../../domain/parties/enterprise.ts';
export type {
  Provider,
  ProviderInput,
  ProviderKind,
  AcceleratorOrigin,
} from '../../domain/parties/provider.ts';
export type {
  PartyPerson,
  PersonRole,
  RelatedReason,
  RelatedPartyLink,
} from '../../domain/parties/related.ts';
export type { CsvProblem } from '../../domain/parties/enterprise-csv.ts';
