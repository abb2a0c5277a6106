import { assert } from '../../shared/assert.ts';
import { explainOffers } from './explain-offer.ts';
import { explainRequest } from './explain-request.ts';
import type { MatchingState } from './matching-state.ts';
import type { MarketAssignment, MarketInput, MarketResult, ProgramCommitment } from './types.ts';

/**
 * Turns the final state into the published result, recomputing every amount in `bigint` from
 * the assignments (the state's float objective is only the search's score) and asserting that
 * both agree and that no budget went negative.
 */
export function buildResult(input: MarketInput, state: MatchingState): MarketResult {
  const { market } = state;
  const assignments: MarketAssignment[] = [];
  const unservedRequestIds: string[] = [];
  let enterprisePaysFen = 0n;
  let energyFen = 0n;
  let unservedPenaltyFen = 0n;
  const committed = new Map<string, bigint>();
  market.requests.forEach((request, index) => {
    if (state.served[index] !== 1) {
      unservedRequestIds.push(request.id);
      unservedPenaltyFen += BigInt(market.requestPenaltyFen[index] ?? 0);
      return;
    }
    const hours = request.endSlot - request.startSlot;
    const held: number[] = [];
    for (
      let pair = market.pairStart[index] ?? 0;
      pair < (market.pairStart[index + 1] ?? 0);
      pair += 1
    ) {
      if ((state.pairCards[pair] ?? 0) > 0) held.push(pair);
    }
    held.sort((a, b) => (market.pairOffer[a] ?? 0) - (market.pairOffer[b] ?? 0));
    for (const pair of held) {
      const offer = market.offers[market.pairOffer[pair] ?? 0];
      assert(offer !== undefined, 'buildResult: pair without offer');
      const cards = state.pairCards[pair] ?? 0;
      const cardHours = BigInt(cards * hours);
      const enterprisePerCardHour = BigInt(market.pairEnterpriseFenPerCardHour[pair] ?? 0);
      const subsidyPerCardHour = offer.priceFenPerCardHour - enterprisePerCardHour;
      const programIndex = market.pairProgram[pair] ?? -1;
      const programId = programIndex >= 0 ? (market.programIds[programIndex] ?? null) : null;
      const subsidyFen = subsidyPerCardHour * cardHours;
      if (programId !== null)
        committed.set(programId, (committed.get(programId) ?? 0n) + subsidyFen);
      enterprisePaysFen += enterprisePerCardHour * cardHours;
      energyFen += BigInt(market.pairEnergyFenPerCardHour[pair] ?? 0) * cardHours;
      assignments.push({
        requestId: request.id,
        offerId: offer.id,
        cards,
        startSlot: request.startSlot,
        endSlot: request.endSlot,
        cardHours: cards * hours,
        priceFenPerCardHour: offer.priceFenPerCardHour,
        subsidyFenPerCardHour: subsidyPerCardHour,
        amountFen: offer.priceFenPerCardHour * cardHours,
        subsidyFen,
        enterprisePaysFen: enterprisePerCardHour * cardHours,
        programId,
        rateBps: programId === null ? 0 : (market.pairRateBps[pair] ?? 0),
      });
    }
  });
  const programs: ProgramCommitment[] = [...input.programs]
    .sort((a, b) => (a.programId < b.programId ? -1 : a.programId > b.programId ? 1 : 0))
    .map((program) => {
      const committedFen = committed.get(program.programId) ?? 0n;
      assert(
        committedFen <= program.remainingFen,
        `buildResult: program ${program.programId} over its budget`,
      );
      return {
        programId: program.programId,
        committedFen,
        remainingFen: program.remainingFen - committedFen,
      };
    });
  const totalFen = enterprisePaysFen + energyFen + unservedPenaltyFen;
  if (totalFen < BigInt(Number.MAX_SAFE_INTEGER)) {
    assert(
      BigInt(Math.round(state.objectiveFen)) === totalFen,
      'buildResult: objective drifted from the assignments',
    );
  }
  return {
    assignments,
    unservedRequestIds,
    requests: market.requests.map((_, index) => explainRequest(state, index)),
    offers: explainOffers(state),
    programs,
    objective: { enterprisePaysFen, energyFen, unservedPenaltyFen, totalFen },
  };
}
