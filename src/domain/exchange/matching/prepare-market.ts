import { assert } from '../../shared/assert.ts';
import { demandUnits, energyFenPerCardHour } from './costs.ts';
import { PairBuilder, subsidyLookup } from './pair-builder.ts';
import { unservedPenaltyFen } from './penalty.ts';
import { OfferScreen, Stage, STAGE_COUNT, type StageNumber } from './screen-offers.ts';
import type { MarketInput, MarketOffer, MarketRequest } from './types.ts';
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
  /**
   * Per request, 1 when it may be split across offers / when it asks for card-hours (the
   * search asks both often: flags in a typed array, not a property of each request's object).
   */
  readonly requestSplittable: Uint8Array;
  readonly requestInCardHours: Uint8Array;
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
    requestSplittable: Uint8Array.from(requests, (request) =>
      request.splittableAcrossOffers ? 1 : 0,
    ),
    requestInCardHours: Uint8Array.from(requests, (request) =>
      request.amount.unit === 'card-hours' ? 1 : 0,
    ),
    ...pairs.finish(),
    refusalStage,
    refusalOffer,
    refusalEnterpriseFenPerCardHour,
    offerRefusals,
  };
}
