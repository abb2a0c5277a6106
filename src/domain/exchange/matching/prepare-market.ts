import { assert } from '../../shared/assert.ts';
import {
  demandUnits,
  energyFenPerCardHour,
  subsidyFenPerCardHour,
  withinMaximumPrice,
} from './costs.ts';
import { ceilDivide, compareProducts, unservedPenaltyFen } from './penalty.ts';
import { OfferScreen, Stage, STAGE_COUNT, type StageNumber } from './screen-offers.ts';
import type { MarketInput, MarketOffer, MarketRequest, SubsidyTerm } from './types.ts';
import { marketInputProblem } from './validate-input.ts';

/**
 * The market compiled into flat typed arrays, sorted by id so the result never depends on the
 * order of the input: offers `0 … O−1`, requests `0 … R−1`, and per request its usable pairs
 * `pairStart[r] … pairStart[r+1]−1`, cheapest per unit of demand first (ties by offer id).
 * Amounts per pair are per card held over the request's whole window, in fen.
 */
export interface PreparedMarket {
  readonly slotCount: number;
  readonly offers: readonly MarketOffer[];
  readonly requests: readonly MarketRequest[];
  readonly programIds: readonly string[];
  readonly initialFree: Int32Array;
  readonly initialBudgetFen: Float64Array;
  readonly requestStartSlot: Int32Array;
  readonly requestEndSlot: Int32Array;
  readonly requestDemand: Float64Array;
  readonly requestPenaltyFen: Float64Array;
  readonly pairStart: Int32Array;
  readonly pairOffer: Int32Array;
  readonly pairUnits: Float64Array;
  readonly pairCostFen: Float64Array;
  readonly pairSubsidyFen: Float64Array;
  readonly pairProgram: Int32Array;
  readonly pairRateBps: Int32Array;
  readonly pairMaxCards: Int32Array;
  readonly pairEnterpriseFenPerCardHour: Float64Array;
  readonly pairEnergyFenPerCardHour: Float64Array;
  /** Per request: the furthest stage any offer reached without being usable, and that offer. */
  readonly refusalStage: Int8Array;
  readonly refusalOffer: Int32Array;
  /** Per request: the enterprise's price per card-hour on `refusalOffer` (after subsidy). */
  readonly refusalEnterpriseFenPerCardHour: Float64Array;
  /** Per offer × stage: how many requests it was refused by at that stage. */
  readonly offerRefusals: Int32Array;
}

const byId = <T extends { readonly id: string }>(a: T, b: T): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Compiles a market. Asserts the input is valid (see `marketInputProblem`). */
export function prepareMarket(input: MarketInput): PreparedMarket {
  const problem = marketInputProblem(input);
  assert(problem === null, `clearMarket: invalid input: ${problem}`);
  const offers = [...input.offers].sort(byId);
  const requests = [...input.requests].sort(byId);
  const programIds = input.programs.map((program) => program.programId).sort();
  const slotCount = input.slotCount;
  const initialFree = new Int32Array(offers.length * slotCount);
  offers.forEach((offer, index) => initialFree.set(offer.freeCardsBySlot, index * slotCount));
  const programIndex = new Map(programIds.map((id, index) => [id, index]));
  const initialBudgetFen = new Float64Array(programIds.length);
  for (const program of input.programs) {
    const capped =
      program.remainingFen > BigInt(Number.MAX_SAFE_INTEGER)
        ? BigInt(Number.MAX_SAFE_INTEGER)
        : program.remainingFen;
    initialBudgetFen[programIndex.get(program.programId) ?? 0] = Number(capped);
  }
  const offerPriceFen = Float64Array.from(offers, (offer) => Number(offer.priceFenPerCardHour));
  const energy = offers.map((offer) => energyFenPerCardHour(offer, input.energyWeightFenPerKwh));
  const subsidyOf = subsidyLookup(input.subsidies, programIndex);
  const screen = new OfferScreen(offers);
  const pairs = new PairBuilder(initialFree, slotCount, offerPriceFen);
  const refusalStage = new Int8Array(requests.length);
  const refusalOffer = new Int32Array(requests.length).fill(-1);
  const refusalEnterpriseFenPerCardHour = new Float64Array(requests.length);
  const offerRefusals = new Int32Array(offers.length * STAGE_COUNT);
  const requestDemand = new Float64Array(requests.length);
  const requestPenaltyFen = new Float64Array(requests.length);
  requests.forEach((request, requestIndex) => {
    const passes = screen.forRequest(request);
    const demand = demandUnits(request);
    requestDemand[requestIndex] = demand;
    const first = pairs.count;
    let deepest: StageNumber = Stage.accelerator;
    let deepestOffer = -1;
    let deepestPrice = 0;
    let deepestFree = 0;
    const subsidyOfOffer = subsidyOf(request.id);
    const maximumFen = Number(request.maximumPrice.fen);
    const candidates = screen.candidates(request);
    const candidateCount = candidates === null ? offers.length : candidates.length;
    if (candidateCount === 0 && offers.length > 0) deepestOffer = 0; // every offer: accelerator
    for (let at = 0; at < candidateCount; at += 1) {
      const offerIndex = candidates === null ? at : (candidates[at] ?? 0);
      let stage = passes(offerIndex);
      if (stage === Stage.usable) {
        const offer = offers[offerIndex] as MarketOffer;
        const subsidy = subsidyOfOffer(offer);
        stage = pairs.tryAdd(
          request,
          maximumFen,
          offer,
          offerIndex,
          subsidy,
          energy[offerIndex] ?? 0,
        );
        if (stage === Stage.usable) continue;
      }
      const refusalCell = offerIndex * STAGE_COUNT + stage;
      offerRefusals[refusalCell] = (offerRefusals[refusalCell] ?? 0) + 1;
      if (stage < deepest) continue;
      // At the capacity stage the offer with the most room explains best; elsewhere the cheapest.
      const better =
        stage > deepest ||
        deepestOffer < 0 ||
        (stage === Stage.capacity
          ? pairs.lastFreeCards > deepestFree
          : (offerPriceFen[offerIndex] ?? 0) < (offerPriceFen[deepestOffer] ?? 0));
      if (better) {
        deepestFree = pairs.lastFreeCards;
        deepest = stage;
        deepestOffer = offerIndex;
        deepestPrice = pairs.lastEnterpriseFenPerCardHour;
      }
    }
    refusalStage[requestIndex] = deepest;
    refusalOffer[requestIndex] = deepestOffer;
    refusalEnterpriseFenPerCardHour[requestIndex] = deepestPrice;
    pairs.sortRequest(first, request.splittableAcrossOffers);
    requestPenaltyFen[requestIndex] = unservedPenaltyFen(demand, pairs.costsAndUnits(first));
    pairs.closeRequest();
  });
  offers.forEach(
    (_, offerIndex) =>
      (offerRefusals[offerIndex * STAGE_COUNT + Stage.accelerator] =
        screen.acceleratorRefusals(offerIndex)),
  );
  return {
    slotCount,
    offers,
    requests,
    programIds,
    initialFree,
    initialBudgetFen,
    requestStartSlot: Int32Array.from(requests, (request) => request.startSlot),
    requestEndSlot: Int32Array.from(requests, (request) => request.endSlot),
    requestDemand,
    requestPenaltyFen,
    ...pairs.finish(),
    refusalStage,
    refusalOffer,
    refusalEnterpriseFenPerCardHour,
    offerRefusals,
  };
}

interface PairSubsidy {
  readonly program: number;
  readonly rateBps: number;
}

/** An offer-specific term wins over the term for the offer's origin. */
function subsidyLookup(
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
class PairBuilder {
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
    for (const column of [
      'offer',
      'units',
      'cost',
      'subsidy',
      'program',
      'rate',
      'maxCards',
      'enterprise',
      'energy',
    ] as const) {
      const values = this[column];
      const sorted = order.map((index) => values[index] ?? 0);
      for (let index = 0; index < sorted.length; index += 1)
        values[first + index] = sorted[index] ?? 0;
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
