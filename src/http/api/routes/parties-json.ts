import type { z } from '@hono/zod-openapi';
import type {
  enterpriseSchema,
  partyPersonSchema,
  providerSchema,
  signingKeySchema,
} from '../../../contracts/parties.ts';
import type {
  Enterprise,
  PartyPerson,
  Provider,
  ProviderSigningKey,
} from '../../../services/parties/index.ts';

/** JSON shapes of parties (src/contracts/parties.ts): dates as ISO strings. */

export function enterpriseJson(enterprise: Enterprise): z.output<typeof enterpriseSchema> {
  return {
    ...enterprise,
    createdAt: enterprise.createdAt.toISOString(),
    updatedAt: enterprise.updatedAt.toISOString(),
  };
}

export function providerJson(provider: Provider): z.output<typeof providerSchema> {
  return { ...provider, createdAt: provider.createdAt.toISOString() };
}

export function signingKeyJson(key: ProviderSigningKey): z.output<typeof signingKeySchema> {
  return {
    ...key,
    createdAt: key.createdAt.toISOString(),
    provenAt: key.provenAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

export function personJson(
  person: PartyPerson & { createdAt: Date },
): z.output<typeof partyPersonSchema> {
  return { ...person, createdAt: person.createdAt.toISOString() };
}
