import { demandUnits, subsidyFenPerCardHour, withinMaximumPrice } from './costs.ts';
import { ceilDivide, compareProducts } from './penalty.ts';
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
  private offer: number[] = [];
  private units: number[] = [];
  private cost: number[] = [];
  private subsidy: number[] = [];
  private program: number[] = [];
  private rate: number[] = [];
  private maxCards: number[] = [];
  private enterprise: number[] = [];
  private energy: number[] = [];
  private readonly scratch: number[] = [];

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
    this.offer.push(offerIndex);
    this.units.push(units);
    this.cost.push((enterprisePerCardHour + energyFen) * hours);
    this.subsidy.push(subsidyPerCardHour * hours);
    this.program.push(subsidy !== null && subsidyPerCardHour > 0 ? subsidy.program : -1);
    this.rate.push(subsidy?.rateBps ?? 0);
    this.maxCards.push(maxCards);
    this.enterprise.push(enterprisePerCardHour);
    this.energy.push(energyFen);
    this.count += 1;
    return Stage.usable;
  }

  /**
   * Sorts the request's pairs, cheapest first, ties by offer: a splittable request by cost per
   * unit of demand, one that may not be split by the cost of serving it all from that offer
   * (its cards are rounded up per offer). Exact cross-products, never a float ratio.
   */
  sortRequest(first: number, splittable: boolean): void {
    if (this.count - first < 2) return;
    const order = Array.from({ length: this.count - first }, (_, index) => first + index);
    const { cost, units, maxCards, offer } = this;
    order.sort(
      (a, b) =>
        (splittable
          ? compareProducts(cost[a] ?? 0, units[b] ?? 0, cost[b] ?? 0, units[a] ?? 0)
          : compareProducts(cost[a] ?? 0, maxCards[a] ?? 0, cost[b] ?? 0, maxCards[b] ?? 0)) ||
        (offer[a] ?? 0) - (offer[b] ?? 0),
    );
    // One scratch copy per column, no array per column and request: this runs for every request.
    const scratch = this.scratch;
    for (const values of [
      this.offer,
      this.units,
      this.cost,
      this.subsidy,
      this.program,
      this.rate,
      this.maxCards,
      this.enterprise,
      this.energy,
    ]) {
      for (let index = 0; index < order.length; index += 1)
        scratch[index] = values[order[index] ?? 0] ?? 0;
      for (let index = 0; index < order.length; index += 1)
        values[first + index] = scratch[index] ?? 0;
    }
  }

  costsAndUnits(first: number): { cost: number[]; units: number[] } {
    return { cost: this.cost.slice(first), units: this.units.slice(first) };
  }

  closeRequest(): void {
    this.starts.push(this.count);
  }

  finish() {
    return {
      pairStart: Int32Array.from(this.starts),
      pairOffer: Int32Array.from(this.offer),
      pairUnits: Float64Array.from(this.units),
      pairCostFen: Float64Array.from(this.cost),
      pairSubsidyFen: Float64Array.from(this.subsidy),
      pairProgram: Int32Array.from(this.program),
      pairRateBps: Int32Array.from(this.rate),
      pairMaxCards: Int32Array.from(this.maxCards),
      pairEnterpriseFenPerCardHour: Float64Array.from(this.enterprise),
      pairEnergyFenPerCardHour: Float64Array.from(this.energy),
    };
  }
}
