import { evaluateProgram, type ProgramEvaluation } from '../policy/evaluate-program.ts';
import type { EnterpriseProfile, YearToDate } from '../policy/inputs.ts';
import type { ChipOrigin, ProgramDefinition, PurchasePurpose } from '../policy/program.ts';
import type { TraceEntry } from '../policy/trace.ts';
import { assert } from '../shared/assert.ts';
import { FULL_RATE_BPS } from '../shared/money.ts';

/** What the policy engine needs to know of a model to decide its subsidy. */
export interface MeteredModel {
  id: string;
  /** The model-service provider (a provider tenant). */
  providerId: string;
  /** The model is filed (备案) with the CAC. */
  filedModel: boolean;
  chipOrigin?: ChipOrigin;
  /** GB/T 2260 code of where the model is served. */
  regionCode?: string;
}

/** The program's answer for calls of one model: the rate, and how much voucher it allows now. */
export interface ModelSubsidy {
  /** Basis points of each call's cost the voucher pays (0: the wallet pays all). */
  rateBps: number;
  /** Most fen the voucher may pay now for this enterprise (caps and the grant's remainder). */
  voucherLimitFen: bigint;
  trace: readonly TraceEntry[];
}

/** What the enterprise declared when it applied for the voucher: the purpose of its calls. */
export interface DeclaredUse {
  purpose?: PurchasePurpose;
  projectId?: string;
  projectTags?: readonly string[];
}

/** A purchase of `amountFen` of model service as the policy engine sees a gateway's calls. */
function modelPurchase(
  model: MeteredModel,
  declared: DeclaredUse,
  enterpriseId: string,
  amountFen: bigint,
  date: string,
) {
  return {
    ...(declared.purpose === undefined ? {} : { purpose: declared.purpose }),
    ...(declared.projectId === undefined ? {} : { projectId: declared.projectId }),
    ...(declared.projectTags === undefined ? {} : { projectTags: declared.projectTags }),
    kind: 'model' as const,
    amountFen,
    // Calls through the gateway have no paper contract: the platform's terms of service with the
    // provider stand for it, one per enterprise and provider, signed the day of the call.
    contractId: `gateway:${enterpriseId}:${model.providerId}`,
    contractAmountFen: amountFen,
    contractSignedOn: date,
    providerId: model.providerId,
    filedModel: model.filedModel,
    ...(model.chipOrigin === undefined ? {} : { chipOrigin: model.chipOrigin }),
    ...(model.regionCode === undefined ? {} : { providerRegionCode: model.regionCode }),
    date,
  };
}

/**
 * Decides the voucher's part in calls of `model` under a grant's program: the policy engine
 * evaluates a `model` purchase (eligibility, the program's MaaS rate rule, caps, stacking) — the
 * rate is the program's, never re-implemented here. To learn how far the caps reach, the engine
 * is asked about a purchase whose subsidy at that rate would be `wantedFen`; what it grants,
 * never more than the grant's `grantAvailableFen`, is the voucher's limit. A refusal, a zero
 * rate or an exhausted cap gives rate 0: the wallet pays the whole call.
 *
 * @example
 * decideModelSubsidy({ program: hangzhou, enterprise, model: { id: 'm', providerId: 'p',
 *   filedModel: true }, yearToDate, date: '2025-07-01', wantedFen: 1000n, grantAvailableFen: 500n })
 * // { rateBps: 3000, voucherLimitFen: 500n, trace: [...] }
 */
export function decideModelSubsidy(input: {
  program: ProgramDefinition;
  enterprise: EnterpriseProfile;
  model: MeteredModel;
  /** The purpose (and project) declared in the grant's application: the calls serve it. */
  declared?: DeclaredUse;
  yearToDate: YearToDate;
  date: string;
  wantedFen: bigint;
  grantAvailableFen: bigint;
}): ModelSubsidy {
  assert(input.wantedFen > 0n, 'decideModelSubsidy: wanted must be positive');
  const evaluate = (amountFen: bigint): ProgramEvaluation =>
    evaluateProgram({
      program: input.program,
      enterprise: input.enterprise,
      purchase: modelPurchase(
        input.model,
        input.declared ?? {},
        input.enterprise.id,
        amountFen,
        input.date,
      ),
      yearToDate: input.yearToDate,
      date: input.date,
    });
  // A purchase of ¥10,000 is enough to learn eligibility and the rate the rules select.
  const probe = evaluate(1_000_000n);
  if (!probe.eligible || probe.rateBps === 0 || input.grantAvailableFen <= 0n) {
    return { rateBps: 0, voucherLimitFen: 0n, trace: probe.trace };
  }
  const rate = BigInt(probe.rateBps);
  // The purchase whose subsidy at the rate is `wantedFen` (rounded up so the rate covers it).
  const purchaseFen = (input.wantedFen * BigInt(FULL_RATE_BPS) + rate - 1n) / rate;
  const sized = evaluate(purchaseFen);
  const allowedFen = sized.subsidyFen < input.wantedFen ? sized.subsidyFen : input.wantedFen;
  const voucherLimitFen =
    allowedFen < input.grantAvailableFen ? allowedFen : input.grantAvailableFen;
  assert(voucherLimitFen >= 0n, 'decideModelSubsidy: negative limit');
  return {
    rateBps: voucherLimitFen > 0n ? sized.rateBps : 0,
    voucherLimitFen,
    trace: sized.trace,
  };
}
