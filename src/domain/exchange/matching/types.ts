/**
 * The matcher's input and output (docs/exchange-matching.md). Plain data: the services build a
 * `MarketInput` from offers, open requests and the policy engine's subsidy rates, call
 * `clearMarket`, and turn the `MarketResult` into orders. Money is integer fen (`bigint`) at
 * this boundary; time is whole hourly slots `0 … slotCount − 1` of one clearing horizon.
 */

export type AcceleratorOrigin = 'domestic' | 'imported';

/** Capacity a provider lists: one accelerator type in one data centre. */
export interface MarketOffer {
  readonly id: string;
  readonly providerId: string;
  readonly acceleratorId: string;
  readonly origin: AcceleratorOrigin;
  /** Dense FP16 TFLOPS of one card (the catalog's figure); 1 SCU = 1 PFLOPS-hour = 1 000 of these for an hour. */
  readonly fp16DenseTflops: number;
  /** Board power of one card in watts, for the energy term. */
  readonly powerWatts: number;
  /** GB/T 2260 division code of the data centre. */
  readonly regionCode: string;
  /** The national computing hub the data centre belongs to (`HUB_IDS` in src/domain/exchange/hubs.ts). */
  readonly hubId: string;
  /** Power usage effectiveness in thousandths: 1250 is a PUE of 1.25. */
  readonly pueMilli: number;
  /** Share of the data centre's energy that is green, in basis points. */
  readonly greenShareBps: number;
  readonly priceFenPerCardHour: bigint;
  /**
   * Cards free in each slot of the horizon (length `slotCount`): 0 outside the offer's window
   * and lower where earlier orders already hold cards.
   */
  readonly freeCardsBySlot: readonly number[];
  /** A job shorter than this many hours may not use the offer. */
  readonly minimumTermHours: number;
  /** Cards in one node of the offer; a job that may not span nodes gets at most this many. */
  readonly cardsPerNode: number;
  /** Whether one job may hold cards on several nodes of this offer. */
  readonly splittableAcrossNodes: boolean;
}

/** How much compute a request wants: card-hours, or SCU in thousandths (1 milli-SCU = 1 TFLOPS-hour). */
export type RequestAmount =
  | { readonly unit: 'card-hours'; readonly cardHours: number }
  | { readonly unit: 'scu'; readonly milliScu: number };

/** The most the enterprise pays after subsidy, per card-hour or per SCU. */
export interface MaximumPrice {
  readonly per: 'card-hour' | 'scu';
  readonly fen: bigint;
}

/** Demand an enterprise waits to have matched. */
export interface MarketRequest {
  readonly id: string;
  readonly enterpriseId: string;
  readonly amount: RequestAmount;
  /** First slot of the window. The request holds the same cards in every slot of it. */
  readonly startSlot: number;
  /** Slot after the last one of the window (exclusive). */
  readonly endSlot: number;
  /** Catalog accelerator ids it accepts; `null` accepts every accelerator. */
  readonly acceleratorIds: readonly string[] | null;
  readonly domesticOnly: boolean;
  /**
   * Where the cards may be: GB/T 2260 codes or prefixes (`52` Guizhou, `5101` Chengdu) and hub
   * ids (a latency class resolved by `hubsWithinLatency`). An offer qualifies when it matches
   * either list; both `null` accepts every region.
   */
  readonly regionPrefixes: readonly string[] | null;
  readonly hubIds: readonly string[] | null;
  readonly maximumPrice: MaximumPrice;
  /** Whether the cards may come from several offers. */
  readonly splittableAcrossOffers: boolean;
}

/**
 * A subsidy the caller's policy engine found for a request: on one offer, or on every offer of
 * one accelerator origin. An offer-specific term wins over an origin term for the same request.
 */
export interface SubsidyTerm {
  readonly requestId: string;
  readonly offerId: string | null;
  readonly origin: AcceleratorOrigin | null;
  readonly rateBps: number;
  readonly programId: string;
}

export interface ProgramBudget {
  readonly programId: string;
  readonly remainingFen: bigint;
}

export interface MarketInput {
  readonly slotCount: number;
  readonly offers: readonly MarketOffer[];
  readonly requests: readonly MarketRequest[];
  readonly subsidies: readonly SubsidyTerm[];
  readonly programs: readonly ProgramBudget[];
  /** Weight of the energy term: fen per kWh of non-green energy drawn (card power × PUE). 0 ignores energy. */
  readonly energyWeightFenPerKwh: number;
}

/** Cards of one offer held by one request over the request's whole window. */
export interface MarketAssignment {
  readonly requestId: string;
  readonly offerId: string;
  readonly cards: number;
  readonly startSlot: number;
  readonly endSlot: number;
  readonly cardHours: number;
  readonly priceFenPerCardHour: bigint;
  /** Subsidy per card-hour: floor(price × rate / 10 000), rounded down to the fen. */
  readonly subsidyFenPerCardHour: bigint;
  readonly amountFen: bigint;
  readonly subsidyFen: bigint;
  readonly enterprisePaysFen: bigint;
  readonly programId: string | null;
  readonly rateBps: number;
}

/** Why a request could not use an offer, or why an offer did not sell. */
export type BindingConstraint =
  | { readonly kind: 'accelerator' }
  | { readonly kind: 'origin' }
  | { readonly kind: 'region' }
  | { readonly kind: 'minimum-term'; readonly offerId: string; readonly minimumTermHours: number }
  | {
      readonly kind: 'maximum-price';
      readonly offerId: string;
      readonly enterpriseFenPerCardHour: bigint;
    }
  | { readonly kind: 'node-size'; readonly offerId: string; readonly cardsPerNode: number }
  | {
      readonly kind: 'capacity';
      readonly offerId: string;
      readonly slot: number;
      readonly freeCards: number;
    }
  | { readonly kind: 'budget'; readonly programId: string; readonly remainingFen: bigint }
  | {
      readonly kind: 'no-single-offer-big-enough';
      readonly largestCards: number;
      readonly neededCards: number;
    }
  | { readonly kind: 'no-offer' }
  | { readonly kind: 'no-compatible-request' }
  | { readonly kind: 'cheaper-offers-won' };

/** The cheapest alternative a side did not get, priced for the enterprise after subsidy. */
export interface NextBestOffer {
  readonly offerId: string;
  readonly enterpriseFenPerCardHour: bigint;
}

export interface RequestExplanation {
  readonly requestId: string;
  readonly served: boolean;
  /** Why it is unserved, or what kept it off a cheaper offer; `null` when it got its cheapest. */
  readonly binding: BindingConstraint | null;
  readonly nextBest: NextBestOffer | null;
}

export interface OfferExplanation {
  readonly offerId: string;
  readonly cardHoursSold: number;
  readonly cardHoursFree: number;
  /** `capacity` when it sold out in some slot; otherwise why the rest did not sell. */
  readonly binding: BindingConstraint | null;
  /** For an offer with cards left: the offer that won most of the requests it could have served. */
  readonly nextBest: NextBestOffer | null;
}

export interface ProgramCommitment {
  readonly programId: string;
  readonly committedFen: bigint;
  readonly remainingFen: bigint;
}

export interface MarketObjective {
  readonly enterprisePaysFen: bigint;
  readonly energyFen: bigint;
  readonly unservedPenaltyFen: bigint;
  /** What the matcher minimises: the three above added. */
  readonly totalFen: bigint;
}

export interface MarketResult {
  /** Sorted by request id, then offer id. */
  readonly assignments: readonly MarketAssignment[];
  readonly unservedRequestIds: readonly string[];
  readonly requests: readonly RequestExplanation[];
  readonly offers: readonly OfferExplanation[];
  readonly programs: readonly ProgramCommitment[];
  readonly objective: MarketObjective;
}
