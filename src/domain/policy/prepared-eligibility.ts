import { regionPrefix, type ProgramDefinition } from './program.ts';
import { zhTerm } from './trace.ts';

/**
 * What every evaluation of a program's eligibility rules needs from its definition, built once
 * per definition instead of once per evaluation: the texts it shows (its lists and its effective
 * period) and the prefixes its region codes stand for.
 */
export interface PreparedEligibility {
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
  /** `regionPrefix` of each enterprise region code (`330100` → `3301`); `any` when open to all. */
  enterpriseRegionPrefixes: readonly string[] | 'any';
  /** `regionPrefix` of each provider region code; `undefined` when the provider may be anywhere. */
  providerRegionPrefixes: readonly string[] | undefined;
}

/**
 * The prepared eligibility of `program` ('' for the text of a rule it does not have).
 *
 * @example
 * prepareEligibility(program).purchaseKinds // 'compute, model'
 */
export function prepareEligibility(program: ProgramDefinition): PreparedEligibility {
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
    enterpriseRegionPrefixes: regions === 'any' ? 'any' : regions.map(regionPrefix),
    providerRegionPrefixes: eligibility.providerRegionCodes?.map(regionPrefix),
  };
}

function zhList(values: readonly string[]): string {
  return values.map(zhTerm).join('、');
}
