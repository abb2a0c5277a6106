import type { ProgramDefinition } from './program.ts';
import { zhTerm } from './trace.ts';

/**
 * The texts of a program's eligibility rules that every evaluation shows (its lists and its
 * effective period), built once per definition instead of once per evaluation.
 */
export interface EligibilityTexts {
  /** `2025-01-01 – 2025-12-31`, `…` when open-ended. */
  window: string;
  /** `330100, 330200`; `any` when open to all. */
  enterpriseRegionCodes: string;
  sizes: string;
  /** The sizes in Chinese, `小型企业、中型企业`. */
  sizesZh: string;
  industries: string;
  creditRecords: string;
  purchaseKinds: string;
  purchaseKindsZh: string;
  providerRegionCodes: string;
}

/**
 * The eligibility texts of `program` ('' for a rule it does not have).
 *
 * @example
 * eligibilityTexts(program).purchaseKinds // 'compute, model'
 */
export function eligibilityTexts(program: ProgramDefinition): EligibilityTexts {
  const { eligibility } = program;
  const to = program.effectiveTo ?? '';
  const regions = eligibility.enterpriseRegionCodes;
  return {
    window: `${program.effectiveFrom} – ${to === '' ? '…' : to}`,
    enterpriseRegionCodes: regions === 'any' ? 'any' : regions.join(', '),
    sizes: eligibility.sizes?.join(', ') ?? '',
    sizesZh: eligibility.sizes ? zhList(eligibility.sizes) : '',
    industries: eligibility.industries?.join(', ') ?? '',
    creditRecords: eligibility.creditRecords.join(', '),
    purchaseKinds: eligibility.purchaseKinds.join(', '),
    purchaseKindsZh: zhList(eligibility.purchaseKinds),
    providerRegionCodes: eligibility.providerRegionCodes?.join(', ') ?? '',
  };
}

function zhList(values: readonly string[]): string {
  return values.map(zhTerm).join('、');
}
