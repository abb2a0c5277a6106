import type {
  Enterprise,
  PartyPerson,
  Provider,
  ProviderSigningKey,
} from '../../../services/parties/index.ts';

/** JSON shapes of parties (src/contracts/parties.ts): dates as ISO strings. */

export function enterpriseJson(enterprise: Enterprise) {
  return {
    ...enterprise,
    createdAt: enterprise.createdAt.toISOString(),
    updatedAt: enterprise.updatedAt.toISOString(),
  };
}

export function providerJson(provider: Provider) {
  return { ...provider, createdAt: provider.createdAt.toISOString() };
}

export function signingKeyJson(key: ProviderSigningKey) {
  return {
    ...key,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

export function personJson(person: PartyPerson & { createdAt: Date }) {
  return { ...person, createdAt: person.createdAt.toISOString() };
}
