import type { z } from 'zod';
import type {
  acceleratorSchema,
  computeRequestSchema,
  offerSchema,
  orderSchema,
} from '../../../contracts/exchange.ts';
import type {
  buyNowQuoteSchema,
  cancellationQuoteSchema,
} from '../../../contracts/exchange-quote.ts';
import type {
  Accelerator,
  BuyNowQuote,
  CancellationPlan,
  ComputeRequest,
  OfferListing,
  Order,
} from '../../../services/exchange/index.ts';

/** JSON of the exchange's objects, typed to their schemas (fen and counts as strings). */

export function acceleratorJson(accelerator: Accelerator): z.output<typeof acceleratorSchema> {
  return { ...accelerator };
}

export function offerJson(listing: OfferListing): z.output<typeof offerSchema> {
  const { offer } = listing;
  return {
    id: offer.id,
    providerId: offer.providerId,
    accelerator: acceleratorJson(listing.accelerator),
    cardCount: offer.cardCount,
    cardsFreeMin: listing.cardsFreeMin,
    regionCode: offer.regionCode,
    hub: offer.hub,
    pueMilli: offer.pueMilli,
    greenShareBps: offer.greenShareBps,
    pricePerCardHourFen: offer.pricePerCardHourFen.toString(),
    pricePerScuFen: listing.pricePerScuFen.toString(),
    window: { from: offer.availableFrom.toISOString(), to: offer.availableTo.toISOString() },
    minTermHours: offer.minTermHours,
    splittable: offer.splittable,
    cardsPerNode: offer.cardsPerNode,
    state: offer.state,
    clearing: offer.clearing,
  };
}

export function orderJson(order: Order): z.output<typeof orderSchema> {
  return {
    id: order.id,
    contractNumber: order.contractNumber,
    enterpriseId: order.enterpriseId,
    providerId: order.providerId,
    offerId: order.offerId,
    requestId: order.requestId,
    acceleratorId: order.acceleratorId,
    chipOrigin: order.chipOrigin,
    cards: order.cards,
    window: { from: order.startsAt.toISOString(), to: order.endsAt.toISOString() },
    cardHours: order.cardHours.toString(),
    pricePerCardHourFen: order.pricePerCardHourFen.toString(),
    amountFen: order.amountFen.toString(),
    subsidyMode: order.subsidyMode,
    programId: order.programId,
    grantId: order.grantId,
    claimId: order.claimId,
    subsidyFen: order.subsidyFen.toString(),
    enterpriseShareFen: (order.amountFen - order.subsidyFen).toString(),
    state: order.state,
    settledCardHours: order.settledCardHours.toString(),
    settledFen: order.settledFen.toString(),
    settledSubsidyFen: order.settledSubsidyFen.toString(),
    policyTrace: order.policyTrace,
  };
}

export function requestJson(request: ComputeRequest): z.output<typeof computeRequestSchema> {
  return {
    id: request.id,
    enterpriseId: request.enterpriseId,
    grantId: request.grantId,
    quantityUnit: request.quantityUnit,
    quantity: request.quantity.toString(),
    acceleratorIds: [...request.acceleratorIds],
    domesticOnly: request.domesticOnly,
    regionCodes: [...request.regionCodes],
    latencyClass: request.latencyClass,
    window: { from: request.window.from.toISOString(), to: request.window.to.toISOString() },
    maxPriceAfterSubsidy: {
      per: request.maxPriceAfterSubsidy.per,
      fen: request.maxPriceAfterSubsidy.fen.toString(),
    },
    splittable: request.splittable,
    state: request.state,
    clearing: request.clearing,
  };
}

/** An API window `{ from, to }` as instants. */
export function windowOf(window: { from: string; to: string }): { from: Date; to: Date } {
  return { from: new Date(window.from), to: new Date(window.to) };
}

export function buyNowQuoteJson(quote: BuyNowQuote): z.output<typeof buyNowQuoteSchema> {
  const { subsidy } = quote;
  return {
    offerId: quote.offerId,
    enterpriseId: quote.enterpriseId,
    providerId: quote.providerId,
    acceleratorId: quote.acceleratorId,
    cards: quote.cards,
    cardHours: quote.cardHours.toString(),
    pricePerCardHourFen: quote.pricePerCardHourFen.toString(),
    amountFen: quote.amountFen.toString(),
    subsidyMode: subsidy?.mode ?? 'none',
    subsidyFen: (subsidy?.subsidyFen ?? 0n).toString(),
    enterpriseShareFen: quote.enterpriseShareFen.toString(),
    subsidy:
      subsidy === null
        ? null
        : {
            ...subsidy,
            subsidyFen: subsidy.subsidyFen.toString(),
            policySubsidyFen: subsidy.policySubsidyFen.toString(),
            grantAvailableFen: subsidy.grantAvailableFen.toString(),
          },
  };
}

export function cancellationQuoteJson(
  plan: CancellationPlan,
): z.output<typeof cancellationQuoteSchema> {
  return {
    started: plan.started,
    keptUntil: plan.keptUntil.toISOString(),
    endsAt: plan.endsAt.toISOString(),
    keptCardHours: plan.keptCardHours.toString(),
    releasedCardHours: plan.releasedCardHours.toString(),
    amountFen: plan.amountFen.toString(),
    subsidyFen: plan.subsidyFen.toString(),
    releasedSubsidyFen: plan.releasedSubsidyFen.toString(),
    state: plan.state,
  };
}
