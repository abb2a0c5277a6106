import type { MarketOffer, MarketRequest } from './types.ts';

/**
 * The hard constraints that do not depend on what others get, checked for one (request, offer)
 * pair in a fixed order; the first one that fails is the pair's refusal. A pair that passes
 * every stage is "usable": only capacity left and program budgets can still keep it apart.
 */
export const Stage = {
  accelerator: 0,
  origin: 1,
  region: 2,
  minimumTerm: 3,
  maximumPrice: 4,
  nodeSize: 5,
  capacity: 6,
  usable: 7,
} as const;
export type StageNumber = (typeof Stage)[keyof typeof Stage];
export const STAGE_COUNT = 7;

/**
 * Compiles the static filters (accelerator, origin, region) into integer look-ups, because
 * they are tried for every request against every offer: 10 000 × 1 000 pairs at bench size.
 */
export class OfferScreen {
  private readonly acceleratorIndexOf = new Map<string, number>();
  private readonly hubIndexOf = new Map<string, number>();
  private readonly offerAccelerator: Int32Array;
  private readonly offerHub: Int32Array;
  private readonly offerDomestic: Uint8Array;
  private readonly prefixMatches = new Map<string, Uint8Array>();
  /** Offer indices (ascending) of each accelerator: most requests name one or two. */
  private readonly offersOfAccelerator: number[][] = [];
  /** Offer indices (ascending) of each set of two or more accelerators, by the set's sorted indices. */
  private readonly offersOfAcceleratorSet = new Map<string, readonly number[]>();
  /** Requests screened so far that accept each accelerator, for the offers' refusal counts. */
  private readonly acceptedBy: number[] = [];
  private screened = 0;

  constructor(private readonly offers: readonly MarketOffer[]) {
    this.offerAccelerator = new Int32Array(offers.length);
    this.offerHub = new Int32Array(offers.length);
    this.offerDomestic = new Uint8Array(offers.length);
    offers.forEach((offer, index) => {
      this.offerAccelerator[index] = indexOf(this.acceleratorIndexOf, offer.acceleratorId);
      this.offerHub[index] = indexOf(this.hubIndexOf, offer.hubId);
      this.offerDomestic[index] = offer.origin === 'domestic' ? 1 : 0;
      const accelerator = this.offerAccelerator[index] ?? 0;
      (this.offersOfAccelerator[accelerator] ??= []).push(index);
    });
  }

  /**
   * The offers worth screening for a request, ascending: those of the accelerators it names
   * (`null`: every offer). The others fail at the accelerator stage, counted in bulk by
   * `acceleratorRefusals`.
   */
  candidates(request: MarketRequest): readonly number[] | null {
    this.screened += 1;
    if (request.acceleratorIds === null) {
      this.offersOfAccelerator.forEach(
        (_, accelerator) =>
          (this.acceptedBy[accelerator] = (this.acceptedBy[accelerator] ?? 0) + 1),
      );
      return null;
    }
    const indices = new Set<number>();
    for (const id of request.acceleratorIds) {
      const accelerator = this.acceleratorIndexOf.get(id);
      if (accelerator !== undefined) indices.add(accelerator);
    }
    for (const accelerator of indices)
      this.acceptedBy[accelerator] = (this.acceptedBy[accelerator] ?? 0) + 1;
    if (indices.size <= 1) {
      const [only] = indices;
      return only === undefined ? [] : (this.offersOfAccelerator[only] ?? []);
    }
    // Requests name few distinct sets of accelerators: each set's offers are merged once.
    const setKey = [...indices].sort((a, b) => a - b).join(',');
    let offers = this.offersOfAcceleratorSet.get(setKey);
    if (offers === undefined) {
      offers = [...indices]
        .flatMap((accelerator) => this.offersOfAccelerator[accelerator] ?? [])
        .sort((a, b) => a - b);
      this.offersOfAcceleratorSet.set(setKey, offers);
    }
    return offers;
  }

  /** How many of the requests screened so far refused the offer for its accelerator. */
  acceleratorRefusals(offerIndex: number): number {
    return this.screened - (this.acceptedBy[this.offerAccelerator[offerIndex] ?? 0] ?? 0);
  }

  /** The per-request part of the filter, built once per request. */
  forRequest(request: MarketRequest): RequestScreen {
    const acceleratorAllowed =
      request.acceleratorIds === null
        ? null
        : this.maskOf(this.acceleratorIndexOf, request.acceleratorIds);
    const regionAny = request.regionPrefixes === null && request.hubIds === null;
    const hubAllowed = this.maskOf(this.hubIndexOf, request.hubIds ?? []);
    const prefixMasks = (request.regionPrefixes ?? []).map((prefix) => this.prefixMask(prefix));
    return (offerIndex: number): StageNumber => {
      if (
        acceleratorAllowed !== null &&
        acceleratorAllowed[this.offerAccelerator[offerIndex] ?? 0] !== 1
      ) {
        return Stage.accelerator;
      }
      if (request.domesticOnly && this.offerDomestic[offerIndex] !== 1) return Stage.origin;
      if (!regionAny && hubAllowed[this.offerHub[offerIndex] ?? 0] !== 1) {
        let inPrefix = false;
        for (const mask of prefixMasks) inPrefix ||= mask[offerIndex] === 1;
        if (!inPrefix) return Stage.region;
      }
      return Stage.usable;
    };
  }

  private maskOf(indexOfId: ReadonlyMap<string, number>, ids: readonly string[]): Uint8Array {
    const mask = new Uint8Array(indexOfId.size);
    for (const id of ids) {
      const index = indexOfId.get(id);
      if (index !== undefined) mask[index] = 1;
    }
    return mask;
  }

  /** Which offers lie inside a GB/T 2260 prefix (`52`, `5201`, `520100`), computed once per prefix. */
  private prefixMask(prefix: string): Uint8Array {
    let mask = this.prefixMatches.get(prefix);
    if (mask === undefined) {
      mask = new Uint8Array(this.offers.length);
      const significant = significantPrefix(prefix);
      this.offers.forEach((offer, index) => {
        if (offer.regionCode.startsWith(significant)) (mask as Uint8Array)[index] = 1;
      });
      this.prefixMatches.set(prefix, mask);
    }
    return mask;
  }
}

/** A request's static filter: the first stage an offer fails, or `Stage.usable`. */
export type RequestScreen = (offerIndex: number) => StageNumber;

function indexOf(map: Map<string, number>, id: string): number {
  let index = map.get(id);
  if (index === undefined) {
    index = map.size;
    map.set(id, index);
  }
  return index;
}

/**
 * A full six-digit code covers its own subdivisions: `520000` is all of Guizhou, `520100` all of
 * Guiyang (province → city → district, GB/T 2260), so its trailing `00` pairs are dropped.
 */
export function significantPrefix(prefix: string): string {
  let significant = prefix;
  while (significant.length > 2 && significant.endsWith('00'))
    significant = significant.slice(0, -2);
  return significant;
}

/** The offer's least free cards over the request's window, and the first slot where it is that low. */
export function tightestSlot(
  offer: MarketOffer,
  request: Pick<MarketRequest, 'startSlot' | 'endSlot'>,
): { slot: number; freeCards: number } {
  let slot = request.startSlot;
  let freeCards = offer.freeCardsBySlot[slot] ?? 0;
  for (let hour = request.startSlot + 1; hour < request.endSlot; hour += 1) {
    const free = offer.freeCardsBySlot[hour] ?? 0;
    if (free < freeCards) {
      freeCards = free;
      slot = hour;
    }
  }
  return { slot, freeCards };
}
