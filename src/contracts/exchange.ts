import { z } from 'zod';
import { isoDateTime as instant, pageQuery } from './common.ts';
import {
  offerClearingExplanationSchema,
  requestClearingExplanationSchema,
} from './exchange-clearing.ts';
import { fenString, positiveFenString } from './money.ts';

/**
 * The compute exchange's request and response schemas (docs/exchange.md). Amounts are decimal
 * strings of fen; card-hours and meter readings are decimal strings too (integers that may
 * outgrow a double); instants are ISO 8601 and every window starts and ends on a whole hour.
 */

const uuid = z.uuid();
const count = z
  .string()
  .regex(/^(0|[1-9]\d{0,15})$/u, 'a whole number as a decimal string')
  .transform((text) => BigInt(text));
const regionCode = z.string().regex(/^\d{6}$/u, 'a GB/T 2260 code');
const origin = z.enum(['domestic', 'imported']);
// Each enum once: the request body, the stored object and the list filter say the same thing.
const offerState = z.enum(['open', 'withdrawn']);
const orderState = z.enum(['active', 'cancelled', 'completed']);
const requestState = z.enum(['open', 'matched', 'cancelled']);
const quantityUnit = z.enum(['scu', 'card-hours']);
const latencyClass = z.enum(['local', 'regional', 'national']);
const pricePer = z.enum(['card-hour', 'scu']);

/** `?state=&limit=`: one page of a list, optionally of one state. */
function stateListQuery<State extends z.ZodEnum>(state: State) {
  return pageQuery.pick({ limit: true }).extend({
    state: state.optional().meta({ param: { name: 'state', in: 'query' } }),
  });
}
const acceleratorId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/u);

/** `{ from, to }`: a half-open window of whole hours. */
export const hourWindowSchema = z.object({ from: instant, to: instant }).meta({
  id: 'HourWindow',
  example: { from: '2026-03-03T00:00:00Z', to: '2026-03-04T00:00:00Z' },
});

export const acceleratorSchema = z
  .object({
    id: acceleratorId,
    vendor: z.string(),
    model: z.string(),
    origin,
    memoryGb: z.number().int(),
    fp16DenseTflops: z.number().int(),
    powerWatts: z.number().int(),
  })
  .meta({ id: 'Accelerator' });

export const acceleratorBody = acceleratorSchema.omit({ id: true }).extend({
  vendor: z.string().min(1).max(100),
  model: z.string().min(1).max(100),
  memoryGb: z.number().int().min(1).max(4096),
  fp16DenseTflops: z.number().int().min(1).max(100_000),
  powerWatts: z.number().int().min(1).max(100_000),
});

export const acceleratorParams = z.object({
  id: acceleratorId.meta({ param: { name: 'id', in: 'path' }, example: 'ascend-910b' }),
});

export const createOfferBody = z
  .object({
    providerId: uuid,
    acceleratorId,
    cardCount: z.number().int().min(1).max(100_000),
    regionCode,
    pueMilli: z.number().int().min(1000).max(3000).meta({ description: 'PUE × 1000' }),
    greenShareBps: z.number().int().min(0).max(10_000),
    pricePerCardHourFen: positiveFenString,
    window: hourWindowSchema,
    minTermHours: z.number().int().min(1),
    splittable: z.boolean().meta({ description: 'whether one job may span several nodes' }),
    cardsPerNode: z.number().int().min(1).max(100_000).optional().meta({
      description:
        'cards in one node (default: all); a job that may not span nodes gets at most this many',
    }),
  })
  .meta({ id: 'CreateOffer' });

/** What a provider may change on an open offer, for the part not yet ordered. */
export const updateOfferBody = z
  .strictObject({
    pricePerCardHourFen: positiveFenString
      .optional()
      .meta({ description: 'applies to later orders only; orders keep their price' }),
    cardCount: z.number().int().min(1).max(100_000).optional().meta({
      description: 'never below the cards orders hold in any hour (409 OFFER_CAPACITY_HELD)',
    }),
    window: hourWindowSchema.optional().meta({
      description: 'hours left out must hold no orders; hours added start no earlier than now',
    }),
  })
  .refine((body) => Object.keys(body).length > 0, 'change at least one field')
  .meta({ id: 'UpdateOffer' });

export const offerSchema = z
  .object({
    id: uuid,
    providerId: uuid,
    accelerator: acceleratorSchema,
    cardCount: z.number().int(),
    cardsFreeMin: z.number().int().optional(),
    regionCode,
    hub: z.string().nullable(),
    pueMilli: z.number().int(),
    greenShareBps: z.number().int(),
    pricePerCardHourFen: z.string(),
    pricePerScuFen: z
      .string()
      .meta({ description: 'price per card-hour × 1000 / TFLOPS, rounded up to the fen' }),
    window: hourWindowSchema,
    minTermHours: z.number().int(),
    splittable: z.boolean(),
    cardsPerNode: z.number().int(),
    state: offerState,
    clearing: offerClearingExplanationSchema
      .nullable()
      .meta({ description: 'what the last clearing run said about this offer; null before one' }),
  })
  .meta({ id: 'Offer' });

export const offerListQuery = pageQuery.extend({
  acceleratorId: acceleratorId.optional().meta({ param: { name: 'acceleratorId', in: 'query' } }),
  origin: origin.optional().meta({ param: { name: 'origin', in: 'query' } }),
  regionCode: regionCode.optional().meta({ param: { name: 'regionCode', in: 'query' } }),
  providerId: uuid.optional().meta({ param: { name: 'providerId', in: 'query' } }),
});

export const buyNowBody = z
  .object({
    enterpriseId: uuid,
    cards: z.number().int().min(1).max(100_000),
    window: hourWindowSchema,
    grantId: uuid.optional().meta({ description: 'the voucher grant that subsidises the order' }),
    expected: z.object({ amountFen: fenString, subsidyFen: fenString }).optional().meta({
      description:
        'buy only if the order comes out at this amount and subsidy (the quote shown to the buyer); else 409 QUOTE_CHANGED and nothing is bought. The quote ignores it.',
    }),
  })
  .meta({ id: 'BuyNow' });

export const orderSchema = z
  .object({
    id: uuid,
    contractNumber: z.string().meta({ description: 'the contract id a voucher claim names' }),
    enterpriseId: uuid,
    providerId: uuid,
    offerId: uuid,
    requestId: uuid.nullable(),
    acceleratorId: z.string(),
    chipOrigin: origin,
    cards: z.number().int(),
    window: hourWindowSchema,
    cardHours: z.string(),
    pricePerCardHourFen: z.string(),
    amountFen: z.string(),
    subsidyMode: z.enum(['none', 'pay-provider', 'reimburse-enterprise']),
    programId: z.string().nullable(),
    grantId: uuid.nullable(),
    claimId: uuid.nullable(),
    subsidyFen: z.string(),
    enterpriseShareFen: z.string().meta({ description: 'amount − subsidy' }),
    state: orderState,
    settledCardHours: z.string(),
    settledFen: z.string(),
    settledSubsidyFen: z.string(),
    policyTrace: z.unknown(),
  })
  .meta({ id: 'ExchangeOrder' });

export const orderListQuery = stateListQuery(orderState);

export const createRequestBody = z
  .object({
    enterpriseId: uuid,
    grantId: uuid.optional(),
    quantityUnit,
    quantity: count,
    acceleratorIds: z.array(acceleratorId).max(50).default([]),
    domesticOnly: z.boolean(),
    regionCodes: z.array(regionCode).max(50).default([]),
    latencyClass: latencyClass.meta({
      description: 'relative to the enterprise: its home hub, also the neighbouring hubs, or any',
    }),
    window: hourWindowSchema,
    maxPriceAfterSubsidy: z.object({ per: pricePer, fen: positiveFenString }),
    splittable: z.boolean(),
  })
  .meta({ id: 'CreateComputeRequest' });

export const computeRequestSchema = z
  .object({
    id: uuid,
    enterpriseId: uuid,
    grantId: uuid.nullable(),
    quantityUnit,
    quantity: z.string(),
    acceleratorIds: z.array(z.string()),
    domesticOnly: z.boolean(),
    regionCodes: z.array(z.string()),
    latencyClass,
    window: hourWindowSchema,
    maxPriceAfterSubsidy: z.object({ per: pricePer, fen: z.string() }),
    splittable: z.boolean(),
    state: requestState,
    clearing: requestClearingExplanationSchema
      .nullable()
      .meta({ description: 'what the last clearing run said about this request; null before one' }),
  })
  .meta({ id: 'ComputeRequest' });

export const requestListQuery = stateListQuery(requestState);

/** A usage report exactly as signed (see docs/exchange.md for the canonical encoding). */
export const usageReportBody = z
  .object({
    report: z.object({
      reportId: uuid,
      orderId: uuid,
      keyFingerprint: z.string().regex(/^[0-9a-f]{64}$/u),
      period: hourWindowSchema,
      lines: z
        .array(z.object({ acceleratorId, cardHours: count }))
        .min(1)
        .max(16),
      meters: z.record(z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/u), count).default({}),
    }),
    signature: z.string().min(1).max(200).meta({ description: 'Ed25519 signature, base64' }),
  })
  .meta({ id: 'SignedUsageReport' });

export const acceptedUsageSchema = z
  .object({
    reportId: uuid,
    invoiceId: uuid,
    amountFen: z.string(),
    subsidyFen: z.string(),
    enterpriseFen: z.string(),
    order: orderSchema,
  })
  .meta({ id: 'AcceptedUsage' });

export const payoutSchema = z
  .object({
    id: uuid,
    providerId: uuid,
    payoutDay: z.string(),
    amountFen: z.string(),
    transferId: uuid,
  })
  .meta({ id: 'ProviderPayout' });

export const clearingResultSchema = z
  .object({
    requestsConsidered: z.number().int(),
    ordersCreated: z.array(orderSchema),
    unmatched: z.array(z.object({ requestId: uuid, reason: z.string() })),
  })
  .meta({ id: 'ClearingResult' });
