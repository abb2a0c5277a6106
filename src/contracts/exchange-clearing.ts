import { z } from 'zod';
import { isoDateTime as instant } from './common.ts';

/**
 * What the last clearing run told each side (docs/exchange.md, "Clearing"): shown in the
 * request's and the offer's views.
 */

const uuid = z.uuid();

/** Why the last clearing run gave a side what it got (docs/exchange.md, "Clearing"). */
const bindingConstraintSchema = z
  .object({
    kind: z.enum([
      'accelerator',
      'origin',
      'region',
      'minimum-term',
      'maximum-price',
      'node-size',
      'capacity',
      'budget',
      'no-single-offer-big-enough',
      'no-offer',
      'no-compatible-request',
      'cheaper-offers-won',
    ]),
  })
  .catchall(z.union([z.string(), z.number()]))
  .meta({
    id: 'ClearingBindingConstraint',
    description:
      'The constraint that bound: `kind`, with its figures (`offerId`, `slot`, `freeCards`, `grantId`, `remainingFen`, `enterpriseFenPerCardHour`, …; fen as strings)',
  });
const nextBestOfferSchema = z
  .object({ offerId: uuid, enterpriseFenPerCardHour: z.string() })
  .nullable()
  .meta({ description: 'the cheapest alternative not taken, per card-hour after subsidy' });

export const requestClearingExplanationSchema = z
  .object({
    clearedAt: instant,
    served: z.boolean(),
    binding: bindingConstraintSchema.nullable(),
    nextBest: nextBestOfferSchema,
    refusal: z.string().nullable(),
  })
  .meta({ id: 'RequestClearingExplanation' });

export const offerClearingExplanationSchema = z
  .object({
    clearedAt: instant,
    cardHoursSold: z.number().int(),
    cardHoursFree: z.number().int(),
    binding: bindingConstraintSchema.nullable(),
    nextBest: nextBestOfferSchema,
  })
  .meta({ id: 'OfferClearingExplanation' });
