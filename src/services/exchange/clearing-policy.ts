import type { AcceleratorOrigin } from '../../domain/exchange/matching/index.ts';
import type { ProgramEvaluation } from '../../domain/policy/evaluate-purchase.ts';
import type { EnterpriseProfile, YearToDate } from '../../domain/policy/inputs.ts';
import type { ProgramDefinition } from '../../domain/policy/program.ts';
import { isDomainError } from '../../domain/shared/errors.ts';
import { minFen } from '../../domain/shared/money.ts';
import { calculateSubsidy } from '../programs/index.ts';

/** The facts of an offer the policy engine's decision depends on. */
export interface SubsidisedOffer {
  id: string;
  providerId: string;
  origin: AcceleratorOrigin;
  regionCode: string;
}

/** The offers the policy treats alike: one chip origin in one region. */
export function offerGroupKey(offer: Pick<SubsidisedOffer, 'origin' | 'regionCode'>): string {
  return `${offer.origin}/${offer.regionCode}`;
}

/**
 * What the policy engine decides for a grant's orders on one offer group, as an order will get
 * it (`decideOrderSubsidy` evaluates the same program, enterprise, year-to-date figures, chip
 * origin and provider region): the rate, and the caps split by how they bind over a clearing
 * run's orders — per order (per claim, per contract, per project: each order is its own
 * contract), per enterprise and program (the yearly cap, shared by the enterprise's grants of
 * the program), per program (its yearly quota and its annual budget left, shared by every
 * grant of the program). `null`: the program has no such cap.
 */
export interface PolicyTerms {
  rateBps: number;
  perOrderCapFen: bigint | null;
  enterpriseYearLeftFen: bigint | null;
  programLeftFen: bigint | null;
}

/**
 * The amount the policy is probed with (¥10 000): what it decides the rate and eligibility on.
 * The caps are read from the evaluation's trace (each cap's limit less what is used), not from
 * this amount, so they hold for an order of any amount.
 */
const PROBE_AMOUNT_FEN = 1_000_000n;

const PER_ORDER_CAPS = new Set(['cap.per-claim', 'cap.per-contract', 'cap.per-project']);
const PROGRAM_CAPS = new Set(['cap.program-year', 'cap.budget']);

/** The policy's terms for a grant's `compute` purchase on an offer of `offer`'s group, or null. */
export async function evaluatePolicyTerms(options: {
  programId: string;
  definitions: readonly ProgramDefinition[];
  enterprise: EnterpriseProfile;
  /** The order's figures (`orderYearToDate`): what the order's own decision is made on. */
  yearToDate: YearToDate;
  contractId: string;
  offer: SubsidisedOffer;
  today: string;
}): Promise<PolicyTerms | null> {
  const { programId, offer, today } = options;
  let evaluation: ProgramEvaluation;
  try {
    evaluation = await calculateSubsidy({
      source: { definitions: options.definitions },
      programId,
      enterprise: options.enterprise,
      purchase: {
        kind: 'compute',
        amountFen: PROBE_AMOUNT_FEN,
        chipOrigin: offer.origin,
        providerRegionCode: offer.regionCode,
        contractId: options.contractId,
        contractAmountFen: PROBE_AMOUNT_FEN,
        contractSignedOn: today,
        providerId: offer.providerId,
        date: today,
      },
      yearToDate: options.yearToDate,
      date: today,
    });
  } catch (error) {
    if (isDomainError(error)) return null;
    throw error;
  }
  if (!evaluation.eligible || evaluation.rateBps <= 0) return null;
  const terms: PolicyTerms = {
    rateBps: evaluation.rateBps,
    perOrderCapFen: null,
    enterpriseYearLeftFen: null,
    programLeftFen: null,
  };
  for (const entry of evaluation.trace) {
    const remaining = entry.numbers.remainingFen;
    if (remaining === undefined) continue;
    const fen = BigInt(remaining);
    if (PER_ORDER_CAPS.has(entry.rule)) terms.perOrderCapFen = lower(terms.perOrderCapFen, fen);
    else if (PROGRAM_CAPS.has(entry.rule)) terms.programLeftFen = lower(terms.programLeftFen, fen);
    else if (entry.rule === 'cap.enterprise-year') {
      terms.enterpriseYearLeftFen = lower(terms.enterpriseYearLeftFen, fen);
    }
  }
  return terms;
}

function lower(current: bigint | null, fen: bigint): bigint {
  return current === null ? fen : minFen(current, fen);
}
