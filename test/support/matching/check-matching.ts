import type { MarketInput, MarketResult } from '../../../src/domain/exchange/matching/types.ts';
import {
  referenceDemand,
  referencePair,
  referencePairs,
  referencePenalty,
} from './reference-pairs.ts';

/**
 * The independent feasibility checker: every rule of docs/exchange-matching.md checked on a
 * result against its input, with the rules re-implemented in reference-pairs.ts. Returns every
 * violation found (empty when the result is feasible and its published figures add up).
 */
export function checkMatching(input: MarketInput, result: MarketResult): string[] {
  const problems: string[] = [];
  const offers = new Map(input.offers.map((offer) => [offer.id, offer]));
  const used = new Map(
    input.offers.map((offer) => [offer.id, new Array<number>(input.slotCount).fill(0)]),
  );
  const committed = new Map<string, bigint>();
  const byRequest = new Map<string, MarketResult['assignments'][number][]>();
  let enterprisePays = 0n;
  let energy = 0n;
  for (const assignment of result.assignments) {
    const request = input.requests.find((candidate) => candidate.id === assignment.requestId);
    const offer = offers.get(assignment.offerId);
    const where = `${assignment.requestId} on ${assignment.offerId}`;
    if (request === undefined || offer === undefined) {
      problems.push(`${where}: unknown request or offer`);
      continue;
    }
    byRequest.set(request.id, [...(byRequest.get(request.id) ?? []), assignment]);
    const pair = referencePair(input, request, {
      ...offer,
      freeCardsBySlot: offer.freeCardsBySlot.map(() => Number.MAX_SAFE_INTEGER),
    });
    if (pair === null) {
      problems.push(
        `${where}: a hard constraint forbids this pair (accelerator, origin, region, term, price or node)`,
      );
      continue;
    }
    if (!Number.isInteger(assignment.cards) || assignment.cards <= 0)
      problems.push(`${where}: cards ${assignment.cards}`);
    if (!offer.splittableAcrossNodes && assignment.cards > offer.cardsPerNode)
      problems.push(`${where}: more cards than one node`);
    if (assignment.startSlot !== request.startSlot || assignment.endSlot !== request.endSlot)
      problems.push(`${where}: not the request's window`);
    const hours = BigInt(request.endSlot - request.startSlot);
    const cardHours = BigInt(assignment.cards) * hours;
    const expect = (
      label: string,
      actual: bigint | number | string | null,
      wanted: bigint | number | string | null,
    ) => {
      if (actual !== wanted)
        problems.push(`${where}: ${label} ${String(actual)}, expected ${String(wanted)}`);
    };
    expect('card-hours', BigInt(assignment.cardHours), cardHours);
    expect('price', assignment.priceFenPerCardHour, offer.priceFenPerCardHour);
    expect('subsidy per card-hour', assignment.subsidyFenPerCardHour, pair.subsidyPerCardHour);
    expect('amount', assignment.amountFen, offer.priceFenPerCardHour * cardHours);
    expect('subsidy', assignment.subsidyFen, pair.subsidyPerCardHour * cardHours);
    expect('enterprise pays', assignment.enterprisePaysFen, pair.enterprisePerCardHour * cardHours);
    expect('program', assignment.programId, pair.programId);
    const slots = used.get(offer.id) ?? [];
    for (let slot = request.startSlot; slot < request.endSlot; slot += 1)
      slots[slot] = (slots[slot] ?? 0) + assignment.cards;
    if (pair.programId !== null)
      committed.set(pair.programId, (committed.get(pair.programId) ?? 0n) + assignment.subsidyFen);
    enterprisePays += assignment.enterprisePaysFen;
    energy += pair.energyPerCardHour * cardHours;
  }
  for (const offer of input.offers) {
    (used.get(offer.id) ?? []).forEach((cards, slot) => {
      const free = offer.freeCardsBySlot[slot] ?? 0;
      if (cards > free)
        problems.push(`offer ${offer.id}: ${cards} cards in slot ${slot}, only ${free} free`);
    });
  }
  let penalty = 0n;
  const unserved = new Set(result.unservedRequestIds);
  for (const request of input.requests) {
    const held = byRequest.get(request.id) ?? [];
    if (held.length === 0) {
      if (!unserved.has(request.id))
        problems.push(`request ${request.id}: no assignment but not listed unserved`);
      penalty += referencePenalty(request, referencePairs(input, request));
      continue;
    }
    if (unserved.has(request.id))
      problems.push(`request ${request.id}: listed unserved but assigned`);
    if (!request.splittableAcrossOffers && held.length > 1)
      problems.push(`request ${request.id}: may not be split, got ${held.length} offers`);
    if (new Set(held.map((assignment) => assignment.offerId)).size !== held.length)
      problems.push(`request ${request.id}: one offer twice`);
    const units = held.map((assignment) => {
      const offer = offers.get(assignment.offerId);
      const hours = BigInt(request.endSlot - request.startSlot);
      return request.amount.unit === 'card-hours'
        ? hours
        : hours * BigInt(offer?.fp16DenseTflops ?? 0);
    });
    const delivered = held.reduce(
      (sum, assignment, index) => sum + BigInt(assignment.cards) * (units[index] ?? 0n),
      0n,
    );
    const largest = units.reduce((a, b) => (a > b ? a : b));
    if (delivered < referenceDemand(request))
      problems.push(`request ${request.id}: delivered ${delivered} of ${referenceDemand(request)}`);
    // Over-delivery stays below one card of its largest assignment (what the penalty bound assumes).
    if (delivered - largest >= referenceDemand(request))
      problems.push(`request ${request.id}: more cards than it needs`);
  }
  for (const program of input.programs) {
    const spent = committed.get(program.programId) ?? 0n;
    if (spent > program.remainingFen)
      problems.push(
        `program ${program.programId}: ${spent} committed, ${program.remainingFen} left`,
      );
    const published = result.programs.find((entry) => entry.programId === program.programId);
    if (
      published?.committedFen !== spent ||
      published.remainingFen !== program.remainingFen - spent
    ) {
      problems.push(`program ${program.programId}: published commitment does not add up`);
    }
  }
  const objective = result.objective;
  if (objective.enterprisePaysFen !== enterprisePays)
    problems.push(
      `objective: enterprise pays ${objective.enterprisePaysFen}, assignments say ${enterprisePays}`,
    );
  if (objective.energyFen !== energy)
    problems.push(`objective: energy ${objective.energyFen}, assignments say ${energy}`);
  if (objective.unservedPenaltyFen !== penalty)
    problems.push(`objective: penalty ${objective.unservedPenaltyFen}, expected ${penalty}`);
  if (objective.totalFen !== enterprisePays + energy + penalty)
    problems.push('objective: total does not add up');
  return problems;
}
