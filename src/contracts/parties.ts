import { z } from 'zod';
import { chipOrigins } from '../domain/policy/program.ts';
import { calendarDate } from './calendar-date.ts';
import { pageQuery } from './common.ts';

/**
 * Request and response schemas of enterprises, providers, party people and related parties.
 * Shared with the web console. The shapes are checked here; the meaning (USCC check
 * character, region codes, dates not in the future) is checked by src/domain/parties, which
 * reports every problem with its field.
 */

export const enterpriseSizeSchema = z.enum(['micro', 'small', 'medium', 'large']);
export const creditRecordSchema = z.enum(['good', 'poor', 'blacklisted']);
export const providerKindSchema = z.enum(['compute', 'model']);
export const acceleratorOriginSchema = z.enum(chipOrigins);
export const personRoleSchema = z.enum(['legal_representative', 'shareholder', 'contact']);

const usccField = z
  .string()
  .max(40)
  .meta({ description: '统一社会信用代码 (GB 32100-2015)', example: '91330100799655058B' });
const regionCodeField = z
  .string()
  .regex(/^[0-9]{6}$/, 'a 6-digit GB/T 2260 division code')
  .meta({ example: '330106' });
const optionalText = (max: number) => z.string().max(max).nullable().optional();
const industriesField = z
  .array(z.string().max(10))
  .max(20)
  .meta({ description: 'GB/T 4754 codes', example: ['I65'] });

export const enterpriseSchema = z
  .object({
    id: z.uuid(),
    uscc: z.string(),
    name: z.string(),
    regionCode: z.string(),
    size: enterpriseSizeSchema,
    foundedOn: z.string(),
    industries: z.array(z.string()),
    creditRecord: creditRecordSchema,
    legalRepresentative: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Enterprise' });

export const registerEnterpriseBody = z
  .strictObject({
    uscc: usccField,
    name: z.string().max(400).meta({ example: '杭州示例科技有限公司' }),
    regionCode: regionCodeField.optional(),
    size: enterpriseSizeSchema,
    foundedOn: calendarDate,
    industries: industriesField.optional(),
    creditRecord: creditRecordSchema.optional(),
    legalRepresentative: optionalText(100),
    phone: optionalText(40),
    address: optionalText(300),
  })
  .meta({ id: 'RegisterEnterpriseRequest' });

export const updateEnterpriseBody = z
  .strictObject({
    name: z.string().max(400).optional(),
    regionCode: regionCodeField.optional(),
    size: enterpriseSizeSchema.optional(),
    foundedOn: calendarDate.optional(),
    industries: industriesField.optional(),
    creditRecord: creditRecordSchema.optional(),
    legalRepresentative: optionalText(100),
    phone: optionalText(40),
    address: optionalText(300),
  })
  .refine((body) => Object.keys(body).length > 0, 'at least one field to change')
  .meta({ id: 'UpdateEnterpriseRequest' });

export const listEnterprisesQuery = pageQuery.extend({
  regionCode: regionCodeField
    .optional()
    .meta({ param: { name: 'regionCode', in: 'query' }, description: 'inside this division' }),
  size: enterpriseSizeSchema.optional().meta({ param: { name: 'size', in: 'query' } }),
  creditRecord: creditRecordSchema
    .optional()
    .meta({ param: { name: 'creditRecord', in: 'query' } }),
  search: z
    .string()
    .max(200)
    .optional()
    .meta({ param: { name: 'search', in: 'query' }, description: 'a USCC or part of the name' }),
});

export const providerSchema = z
  .object({
    id: z.uuid(),
    uscc: z.string(),
    name: z.string(),
    regionCode: z.string(),
    kinds: z.array(providerKindSchema),
    acceleratorOrigins: z.array(acceleratorOriginSchema),
    legalRepresentative: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Provider' });

export const registerProviderBody = z
  .strictObject({
    uscc: usccField,
    name: z.string().max(400),
    regionCode: regionCodeField.optional(),
    kinds: z.array(providerKindSchema).min(1).max(2),
    acceleratorOrigins: z.array(acceleratorOriginSchema).max(2).optional(),
    legalRepresentative: optionalText(100),
    phone: optionalText(40),
    address: optionalText(300),
  })
  .meta({ id: 'RegisterProviderRequest' });

export const listProvidersQuery = pageQuery.extend({
  kind: providerKindSchema.optional().meta({ param: { name: 'kind', in: 'query' } }),
});

const signingPublicKey = z.string().max(1000).meta({
  description: 'Ed25519 public key: PEM (SPKI) or base64 of the raw 32 bytes',
});

export const signingKeyChallengeBody = z
  .strictObject({ publicKey: signingPublicKey })
  .meta({ id: 'SigningKeyChallengeRequest' });

export const signingKeyChallengeSchema = z
  .object({
    challengeId: z.uuid(),
    challenge: z.string().meta({
      description:
        'The exact text to sign (its UTF-8 bytes) with the Ed25519 private key of the key; names the provider, the key, a random nonce and the expiry',
    }),
    expiresAt: z.string(),
  })
  .meta({ id: 'SigningKeyChallenge' });

export const signingKeyBody = z
  .strictObject({
    publicKey: signingPublicKey,
    label: z.string().max(100).optional(),
    challengeId: z.uuid().meta({
      description: 'From POST /providers/{id}/signing-keys/challenges for this key; used once',
    }),
    signature: z
      .string()
      .max(200)
      .meta({ description: 'Ed25519 signature of the challenge text, base64 or base64url' }),
  })
  .meta({ id: 'RegisterSigningKeyRequest' });

export const signingKeySchema = z
  .object({
    id: z.uuid(),
    providerId: z.uuid(),
    fingerprint: z.string().meta({ description: 'SHA-256 (hex) of the raw key: the key id' }),
    publicKeyPem: z.string(),
    label: z.string(),
    createdAt: z.string(),
    provenAt: z.string().nullable().meta({
      description:
        'When the provider proved possession of the private key; null for a key registered before proofs were required',
    }),
    revokedAt: z.string().nullable(),
    revocationReason: z.enum(['revoked', 'reclaimed']).nullable().meta({
      description:
        '`reclaimed`: another provider proved possession of this key, which was registered here without proof',
    }),
  })
  .meta({ id: 'ProviderSigningKey' });

export const partyPersonBody = z
  .strictObject({
    name: z.string().max(100),
    role: personRoleSchema,
    idDocumentNumber: z
      .string()
      .max(40)
      .nullable()
      .optional()
      .meta({ description: 'only its hash is stored' }),
    phone: optionalText(40),
  })
  .meta({ id: 'AddPartyPersonRequest' });

export const partyPersonSchema = z
  .object({
    id: z.uuid(),
    partyId: z.uuid(),
    name: z.string(),
    role: personRoleSchema,
    idDocumentHash: z.string().nullable(),
    phone: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'PartyPerson' });

export const relatedReasonSchema = z
  .object({
    kind: z.enum([
      'explicit_link',
      'same_uscc',
      'shared_legal_representative',
      'shared_shareholder',
      'shared_person',
      'same_phone',
      'same_address',
    ]),
    confidence: z.enum(['certain', 'probable']),
    message: z.string(),
    evidence: z.record(z.string(), z.string()),
  })
  .meta({ id: 'RelatedReason' });

export const relatedPartiesSchema = z
  .object({
    partyId: z.uuid(),
    items: z.array(
      z.object({
        party: z.object({
          id: z.uuid(),
          kind: z.enum(['enterprise', 'provider']),
          uscc: z.string(),
          name: z.string(),
        }),
        related: z.boolean(),
        reasons: z.array(relatedReasonSchema),
      }),
    ),
  })
  .meta({ id: 'RelatedParties' });

export const linkPartiesBody = z
  .strictObject({
    partyAId: z.uuid(),
    partyBId: z.uuid(),
    reason: z.string().max(500).meta({ example: 'parent and subsidiary (母子公司)' }),
  })
  .meta({ id: 'LinkRelatedPartiesRequest' });

export const relatedPartyLinkSchema = z
  .object({
    id: z.uuid(),
    partyAId: z.uuid(),
    partyBId: z.uuid(),
    reason: z.string(),
    createdAt: z.string(),
    created: z.boolean(),
  })
  .meta({ id: 'RelatedPartyLink' });

export const importEnterprisesResultSchema = z
  .object({
    createdCount: z.number().int(),
    skippedCount: z.number().int(),
    rows: z.array(
      z.object({
        row: z.number().int(),
        uscc: z.string(),
        enterpriseId: z.uuid(),
        status: z.enum(['created', 'skipped']),
      }),
    ),
  })
  .meta({ id: 'ImportEnterprisesResult' });
