import { z } from 'zod';
import { chipOrigins } from '../domain/policy/program.ts';
import { fenString } from './money.ts';

/**
 * The MaaS gateway's model catalog as the management API shows it (`/api/v1/gateway/models`).
 * One entry is one upstream offering of a public model id; several entries may share a
 * `modelId`, and the gateway routes among them. The upstream's API key goes in and never comes
 * out: responses say only whether one is stored.
 */

export const gatewayModelKinds = ['chat', 'embedding'] as const;
export const gatewayModelStatuses = ['active', 'disabled'] as const;
export const gatewayModelHealths = ['unknown', 'up', 'down'] as const;

const modelIdField = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, 'letters, digits and . _ : / - (1–128)')
  .meta({ description: 'The id clients send as `model`', example: 'qwen2.5-72b-instruct' });
const baseUrlField = z
  .url({ protocol: /^https?$/ })
  .max(500)
  .meta({
    description: 'OpenAI-compatible base URL, up to and including `/v1`',
    example: 'http://10.0.3.7:8000/v1',
  });
const priceField = fenString.meta({
  description: 'fen per million tokens, as a decimal string',
  example: '400',
});
const tokensField = z.number().int().min(1).max(100_000_000);

/** The fields an operator or a provider sets on an offering. */
const offeringFields = {
  modelId: modelIdField,
  upstreamBaseUrl: baseUrlField,
  upstreamModel: z.string().min(1).max(200).meta({ example: 'Qwen/Qwen2.5-72B-Instruct' }),
  /** Written encrypted (AES-256-GCM); null or absent: the upstream needs no key. */
  upstreamApiKey: z.string().min(1).max(500).nullable().optional(),
  inputPriceFenPerMillion: priceField,
  outputPriceFenPerMillion: priceField,
  /** Defaults to the input price (upstreams that report no cached tokens). */
  cachedInputPriceFenPerMillion: priceField.optional(),
  contextTokensMax: tokensField.meta({ example: 32_768 }),
  outputTokensMax: tokensField.meta({ example: 8_192 }),
  kind: z.enum(gatewayModelKinds).default('chat'),
  filed: z.boolean().meta({ description: '备案: the model is filed with the regulator' }),
  filingNumber: z.string().min(1).max(100).nullable().optional(),
  acceleratorOrigin: z.enum(chipOrigins),
  regionCode: z
    .string()
    .regex(/^[0-9]{6}$/, 'a 6-digit GB/T 2260 division code')
    .meta({ example: '330100' }),
  routeOrder: z.number().int().min(0).max(10_000).default(100),
};

export const createGatewayModelBody = z
  .strictObject({
    /** The provider offering it; a provider admin may name only its own (default: itself). */
    providerId: z.uuid().optional(),
    ...offeringFields,
  })
  .meta({ id: 'CreateGatewayModel' });
export type CreateGatewayModelInput = z.output<typeof createGatewayModelBody>;

export const updateGatewayModelBody = z
  .strictObject({
    upstreamBaseUrl: offeringFields.upstreamBaseUrl.optional(),
    upstreamModel: offeringFields.upstreamModel.optional(),
    upstreamApiKey: offeringFields.upstreamApiKey,
    inputPriceFenPerMillion: priceField.optional(),
    outputPriceFenPerMillion: priceField.optional(),
    cachedInputPriceFenPerMillion: priceField.optional(),
    contextTokensMax: tokensField.optional(),
    outputTokensMax: tokensField.optional(),
    filed: z.boolean().optional(),
    filingNumber: z.string().min(1).max(100).nullable().optional(),
    acceleratorOrigin: z.enum(chipOrigins).optional(),
    regionCode: offeringFields.regionCode.optional(),
    routeOrder: z.number().int().min(0).max(10_000).optional(),
    status: z.enum(gatewayModelStatuses).optional(),
  })
  .meta({ id: 'UpdateGatewayModel' });
export type UpdateGatewayModelInput = z.output<typeof updateGatewayModelBody>;

export const gatewayModelSchema = z
  .object({
    id: z.uuid(),
    modelId: z.string(),
    providerId: z.uuid(),
    upstreamBaseUrl: z.string(),
    upstreamModel: z.string(),
    hasUpstreamApiKey: z.boolean(),
    inputPriceFenPerMillion: z.string(),
    outputPriceFenPerMillion: z.string(),
    cachedInputPriceFenPerMillion: z.string(),
    contextTokensMax: z.number().int(),
    outputTokensMax: z.number().int(),
    kind: z.enum(gatewayModelKinds),
    filed: z.boolean(),
    filingNumber: z.string().nullable(),
    acceleratorOrigin: z.enum(chipOrigins),
    regionCode: z.string(),
    routeOrder: z.number().int(),
    status: z.enum(gatewayModelStatuses),
    health: z.enum(gatewayModelHealths),
    healthCheckedAt: z.string().nullable(),
    healthLatencyMs: z.number().int().nullable(),
    healthError: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'GatewayModel' });

/** `?providerId=` narrows the catalog to one provider (an operator's view). */
export const listGatewayModelsQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .meta({ param: { name: 'limit', in: 'query' } }),
  cursor: z
    .string()
    .max(512)
    .regex(/^[A-Za-z0-9_-]+$/, 'an opaque cursor from nextCursor')
    .optional()
    .meta({ param: { name: 'cursor', in: 'query' } }),
  providerId: z
    .uuid()
    .optional()
    .meta({ param: { name: 'providerId', in: 'query' } }),
});

/** The public price list (`/api/v1/gateway/prices`): an offering without its upstream. */
export const gatewayPriceSchema = gatewayModelSchema
  .pick({
    modelId: true,
    providerId: true,
    kind: true,
    inputPriceFenPerMillion: true,
    outputPriceFenPerMillion: true,
    cachedInputPriceFenPerMillion: true,
    contextTokensMax: true,
    outputTokensMax: true,
    filed: true,
    filingNumber: true,
    acceleratorOrigin: true,
    regionCode: true,
  })
  .meta({ id: 'GatewayPrice' });
