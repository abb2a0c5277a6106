import { demandUnits, subsidyFenPerCardHour, withinMaximumPrice } from './costs.ts';
import { ceilDivide, compareProducts } from './penalty.ts';
import { sortByKey } from './pair-order.ts';
import { Stage, type StageNumber } from './screen-offers.ts';
import type { MarketOffer, MarketRequest, SubsidyTerm } from './types.ts';

/**
 * The usable (request, offer) pairs as they are compiled: the subsidy term that applies to
 * each, and the growable columns that become prepare-market.ts's typed arrays.
 */

export interface PairSubsidy {
  readonly program: number;
  readonly rateBps: number;
}

/** An offer-specific term wins over the term for the offer's origin. */
export function subsidyLookup(
  terms: readonly SubsidyTerm[],
  programIndex: ReadonlyMap<string, number>,
): (requestId: string) => (offer: MarketOffer) => PairSubsidy | null {
  const byRequest = new Map<
    string,
    { byOrigin: Map<string, PairSubsidy>; byOffer: Map<string, PairSubsidy> }
  >();
  for (const term of terms) {
    let own = byRequest.get(term.requestId);
    if (own === undefined)
      byRequest.set(term.requestId, (own = { byOrigin: new Map(), byOffer: new Map() }));
    const subsidy = { program: programIndex.get(term.programId) ?? -1, rateBps: term.rateBps };
    if (term.offerId !== null) own.byOffer.set(term.offerId, subsidy);
    else own.byOrigin.set(term.origin ?? '', subsidy);
  }
  const none = (): null => null;
  return (requestId) => {
    const own = byRequest.get(requestId);
    if (own === undefined) return none;
    const { byOffer, byOrigin } = own;
    if (byOffer.size === 0) return (offer) => byOrigin.get(offer.origin) ?? null;
    return (offer) => byOffer.get(offer.id) ?? byOrigin.get(offer.origin) ?? null;
  };
}

/** Growable flat arrays of usable pairs, request by request. */
export class PairBuilder {
  count = 0;
  /** The enterprise's price per card-hour of the last pair tried (0 before the price stage). */
  lastEnterpriseFenPerCardHour = 0;
  /** The least free cards over the window of the last pair that reached the capacity stage. */
  lastFreeCards = 0;
  private readonly starts: number[] = [0];
  /** Room for this many pairs in the columns below (doubled when full). */
  private capacity = 4096;
  private offer = new Int32Array(this.capacity);
  private units = new Float64Array(this.capacity);
  private cost = new Float64Array(this.capacity);
  private subsidy = new Float64Array(this.capacity);
  private program = new Int32Array(this.capacity);
  private rate = new Int32Array(this.capacity);
  private maxCards = new Int32Array(this.capacity);
  private enterprise = new Float64Array(this.capacity);
  private energy = new Float64Array(this.capacity);
  /** A request's sort: its pairs' local indices, keys and scratch (grown with its pairs). */
  private order = new Int32Array(64);
  private key = new Float64Array(64);
  private scratch = new Int32Array(64);
  private floatScratch = new Float64Array(64);

  constructor(
    private readonly initialFree: Int32Array,
    private readonly slotCount: number,
    private readonly offerPriceFen: Float64Array,
  ) {}

  /**
   * Adds the pair when the stages that do not depend on others pass; returns the stage it
   * stopped at. Positional arguments: it runs for every pair that passes the screen.
   */
  tryAdd(
    request: MarketRequest,
    maximumFen: number,
    offer: MarketOffer,
    offerIndex: number,
    subsidy: PairSubsidy | null,
    energyFen: number,
  ): StageNumber {
    const hours = request.endSlot - request.startSlot;
    this.lastEnterpriseFenPerCardHour = 0;
    if (hours < offer.minimumTermHours) return Stage.minimumTerm;
    const price = this.offerPriceFen[offerIndex] ?? 0;
    const subsidyPerCardHour = subsidy === null ? 0 : subsidyFenPerCardHour(price, subsidy.rateBps);
    const enterprisePerCardHour = price - subsidyPerCardHour;
    this.lastEnterpriseFenPerCardHour = enterprisePerCardHour;
    const tflops = offer.fp16DenseTflops;
    if (!withinMaximumPrice(request.maximumPrice.per, maximumFen, enterprisePerCardHour, tflops)) {
      return Stage.maximumPrice;
    }
    const units = request.amount.unit === 'card-hours' ? hours : hours * tflops;
    const cardsForAll = ceilDivide(demandUnits(request), units);
    const nodeLimit = offer.splittableAcrossNodes ? Number.MAX_SAFE_INTEGER : offer.cardsPerNode;
    if (!request.splittableAcrossOffers && nodeLimit < cardsForAll) return Stage.nodeSize;
    let free = Number.MAX_SAFE_INTEGER;
    const base = offerIndex * this.slotCount;
    for (let slot = base + request.startSlot; slot < base + request.endSlot; slot += 1) {
      free = Math.min(free, this.initialFree[slot] ?? 0);
    }
    this.lastFreeCards = free;
    const maxCards = Math.min(nodeLimit, free, cardsForAll);
    if (maxCards === 0 || (!request.splittableAcrossOffers && maxCards < cardsForAll))
      return Stage.capacity;
    if (this.count === this.capacity) this.grow();
    const at = this.count;
    this.offer[at] = offerIndex;
    this.units[at] = units;
    this.cost[at] = (enterprisePerCardHour + energyFen) * hours;
    this.subsidy[at] = subsidyPerCardHour * hours;
    this.program[at] = subsidy !== null && subsidyPerCardHour > 0 ? subsidy.program : -1;
    this.rate[at] = subsidy?.rateBps ?? 0;
    this.maxCards[at] = maxCards;
    this.enterprise[at] = enterprisePerCardHour;
    this.energy[at] = energyFen;
    this.count += 1;
    return Stage.usable;
  }

  private grow(): void {
    this.capacity *= 2;
    const grown = <T extends Int32Array | Float64Array>(column: T, empty: T): T => {
      empty.set(column);
      return empty;
    };
    this.offer = grown(this.offer, new Int32Array(this.capacity));
    this.units = grown(this.units, new Float64Array(this.capacity));
    this.cost = grown(this.cost, new Float64Array(this.capacity));
    this.subsidy = grown(this.subsidy, new Float64Array(this.capacity));
    this.program = grown(this.program, new Int32Array(this.capacity));
    this.rate = grown(this.rate, new Int32Array(this.capacity));
    this.maxCards = grown(this.maxCards, new Int32Array(this.capacity));
    this.enterprise = grown(this.enterprise, new Float64Array(this.capacity));
    this.energy = grown(this.energy, new Float64Array(this.capacity));
  }

  /**
   * Sorts the request's pairs, cheapest first, ties by offer: a splittable request by cost per
   * unit of demand, one that may not be split by the cost of serving it all from that offer
   * (its cards are rounded up per offer). Exact cross-products, never a float ratio alone
   * (pair-order.ts).
   */
  sortRequest(first: number, splittable: boolean): void {
    const length = this.count - first;
    if (length < 2) return;
    if (this.order.length < length) {
      const room = 2 * length;
      this.order = new Int32Array(room);
      this.key = new Float64Array(room);
      this.scratch = new Int32Array(room);
      this.floatScratch = new Float64Array(room);
    }
    const { cost, units, maxCards, offer, order, key } = this;
    for (let index = 0; index < length; index += 1) {
      order[index] = index;
      const pair = first + index;
      key[index] = splittable
        ? (cost[pair] ?? 0) / (units[pair] ?? 1)
        : (cost[pair] ?? 0) * (maxCards[pair] ?? 0);
    }
    sortByKey(
      order,
      length,
      key,
      (a, b) =>
        (splittable
          ? compareProducts(
              cost[first + a] ?? 0,
              units[first + b] ?? 0,
              cost[first + b] ?? 0,
              units[first + a] ?? 0,
            )
          : compareProducts(
              cost[first + a] ?? 0,
              maxCards[first + a] ?? 0,
              cost[first + b] ?? 0,
              maxCards[first + b] ?? 0,
            )) || (offer[first + a] ?? 0) - (offer[first + b] ?? 0),
      this.scratch,
    );
    for (const column of [this.offer, this.program, this.rate, this.maxCards])
      permuteRange(column, first, order, length, this.scratch);
    for (const column of [this.units, this.cost, this.subsidy, this.enterprise, this.energy])
      permuteRange(column, first, order, length, this.floatScratch);
  }

  /** The request's pairs' costs and units per card (views, valid until the next pair is added). */
  costsAndUnits(first: number): { cost: Float64Array; units: Float64Array } {
    return {
      cost: this.cost.subarray(first, this.count),
      units: this.units.subarray(first, this.count),
    };
  }

  closeRequest(): void {
    this.starts.push(this.count);
  }

  finish() {
    const { count } = this;
    return {
      pairStart: Int32Array.from(this.starts),
      pairOffer: this.offer.slice(0, count),
      pairUnits: this.units.slice(0, count),
      pairCostFen: this.cost.slice(0, count),
      pairSubsidyFen: this.subsidy.slice(0, count),
      pairProgram: this.program.slice(0, count),
      pairRateBps: this.rate.slice(0, count),
      pairMaxCards: this.maxCards.slice(0, count),
      pairEnterpriseFenPerCardHour: this.enterprise.slice(0, count),
      pairEnergyFenPerCardHour: this.energy.slice(0, count),
    };
  }
}

/** `column[first + i] = old column[first + order[i]]` for `i < length`, through `scratch`. */
function permuteRange<T extends Int32Array | Float64Array>(
  column: T,
  first: number,
  order: Int32Array,
  length: number,
  scratch: T,
): void {
  for (let index = 0; index < length; index += 1)
    scratch[index] = column[first + (order[index] ?? 0)] ?? 0;
  column.set(scratch.subarray(0, length), first);
}
