import { z } from 'zod';
import { traceEntrySchema } from './program-api.ts';

/**
 * A buy-now's quote (`POST /api/v1/exchange/offers/{id}/quote`, the buy-now's body): what the
 * order would be if bought now, decided by the buy-now's own code. Amounts are decimal strings
 * of fen.
 */

const fen = z.string().regex(/^\d+$/u);

export const subsidyQuoteSchema = z
  .object({
    mode: z.enum(['pay-provider', 'reimburse-enterprise']),
    programId: z.string(),
    grantId: z.uuid(),
    subsidyFen: fen.meta({ description: 'what the order would get' }),
    policySubsidyFen: fen.meta({
      description: 'the policy’s subsidy before the grant’s balance caps it',
    }),
    grantAvailableFen: fen.meta({ description: 'what the grant has left before the order' }),
    rateBps: z.number().int().meta({ description: 'the rate the policy selected' }),
    limitedBy: z.enum(['rate', 'policy-cap', 'grant-balance']).meta({
      description:
        'what set the subsidy: the rate on the amount, a cap or limit of the policy (see the trace), or what the grant has left',
    }),
    trace: z.array(traceEntrySchema),
  })
  .meta({ id: 'SubsidyQuote' });

export const buyNowQuoteSchema = z
  .object({
    offerId: z.uuid(),
    enterpriseId: z.uuid(),
    providerId: z.uuid(),
    acceleratorId: z.string(),
    cards: z.number().int(),
    cardHours: z.string(),
    pricePerCardHourFen: fen,
    amountFen: fen,
    subsidyMode: z.enum(['none', 'pay-provider', 'reimburse-enterprise']),
    subsidyFen: fen,
    enterpriseShareFen: fen.meta({ description: 'amount − subsidy: what the enterprise pays' }),
    subsidy: subsidyQuoteSchema.nullable().meta({ description: 'none without a grant' }),
  })
  .meta({ id: 'BuyNowQuote' });

export const cancellationQuoteSchema = z
  .object({
    started: z.boolean().meta({
      description: 'after the start the order ends at the next whole hour; before, all goes',
    }),
    keptUntil: z.iso.datetime(),
    endsAt: z.iso.datetime().meta({ description: 'the order’s end after the cancellation' }),
    keptCardHours: z.string(),
    releasedCardHours: z.string(),
    amountFen: fen.meta({ description: 'the order’s amount after the cancellation' }),
    subsidyFen: fen.meta({ description: 'the subsidy kept: scaled, rounded down' }),
    releasedSubsidyFen: fen,
    state: z.enum(['active', 'cancelled', 'completed']),
  })
  .meta({ id: 'CancellationQuote' });
