import {
  checkEnum,
  checkIndustries,
  checkOptionalPhone,
  checkOptionalText,
  checkPastDate,
  checkRegion,
  checkText,
  checkUscc,
  MAX_ADDRESS_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PERSON_NAME_LENGTH,
  ProblemList,
  type FieldProblem,
} from './fields.ts';
import { validateUscc } from './uscc.ts';

export const ENTERPRISE_SIZES = ['micro', 'small', 'medium', 'large'] as const;
export type EnterpriseSize = (typeof ENTERPRISE_SIZES)[number];

export const CREDIT_RECORDS = ['good', 'poor', 'blacklisted'] as const;
export type CreditRecord = (typeof CREDIT_RECORDS)[number];

/** The registrable fields of an enterprise, validated and normalised. */
export interface EnterpriseFields {
  /** Upper case, 18 characters, check character verified. */
  uscc: string;
  name: string;
  /** GB/T 2260 division of registration; defaults to the USCC's characters 3–8. */
  regionCode: string;
  size: EnterpriseSize;
  /** YYYY-MM-DD. */
  foundedOn: string;
  /** GB/T 4754 codes, sorted, without duplicates. */
  industries: string[];
  creditRecord: CreditRecord;
  legalRepresentative: string | null;
  phone: string | null;
  address: string | null;
}

/** A stored enterprise; its id is its tenant id. */
export interface Enterprise extends EnterpriseFields {
  id: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What a caller sends to register an enterprise (unchecked). */
export interface EnterpriseInput {
  uscc: string;
  name: string;
  regionCode?: string | undefined;
  size: string;
  foundedOn: string;
  industries?: readonly string[] | undefined;
  creditRecord?: string | undefined;
  legalRepresentative?: string | null | undefined;
  phone?: string | null | undefined;
  address?: string | null | undefined;
}

export type CheckResult<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/**
 * Checks every field of a new enterprise and reports all problems at once (each naming its
 * field). `today` (YYYY-MM-DD, Asia/Shanghai) bounds the founding date.
 *
 * @example
 * checkEnterpriseInput({ uscc: '91330100799655058B', name: 'Alibaba (China)', size: 'large',
 *   foundedOn: '2007-03-26' }, '2026-01-01') // { ok: true, value: { regionCode: '330100', ... } }
 */
export function checkEnterpriseInput(
  input: Readonly<Record<string, unknown>>,
  today: string,
): CheckResult<EnterpriseFields> {
  const problems = new ProblemList();
  const uscc = checkUscc(problems, input.uscc);
  const parsed = validateUscc(uscc);
  const value: EnterpriseFields = {
    uscc,
    name: checkText(problems, 'name', input.name, MAX_NAME_LENGTH),
    regionCode: checkRegion(problems, input.regionCode, parsed.ok ? parsed.regionCode : ''),
    size: checkEnum(problems, 'size', input.size, ENTERPRISE_SIZES),
    foundedOn: checkPastDate(problems, 'foundedOn', input.foundedOn, today),
    industries: checkIndustries(problems, input.industries),
    // Absent or blank: no adverse record is known.
    creditRecord: checkEnum(
      problems,
      'creditRecord',
      input.creditRecord === undefined || input.creditRecord === '' ? 'good' : input.creditRecord,
      CREDIT_RECORDS,
    ),
    legalRepresentative: checkOptionalText(
      problems,
      'legalRepresentative',
      input.legalRepresentative,
      MAX_PERSON_NAME_LENGTH,
    ),
    phone: checkOptionalPhone(problems, 'phone', input.phone),
    address: checkOptionalText(problems, 'address', input.address, MAX_ADDRESS_LENGTH),
  };
  return problems.problems.length === 0
    ? { ok: true, value }
    : { ok: false, problems: problems.problems };
}

/** The fields an update may change; the USCC identifies the enterprise and never changes. */
export const ENTERPRISE_UPDATABLE_FIELDS = [
  'name',
  'regionCode',
  'size',
  'foundedOn',
  'industries',
  'creditRecord',
  'legalRepresentative',
  'phone',
  'address',
] as const;

export type EnterprisePatch = Partial<
  Record<(typeof ENTERPRISE_UPDATABLE_FIELDS)[number], unknown>
>;

/** Applies a patch to stored fields and checks the result as a whole. */
export function applyEnterprisePatch(
  current: EnterpriseFields,
  patch: EnterprisePatch,
  today: string,
): CheckResult<EnterpriseFields> {
  const merged: Record<string, unknown> = { ...current };
  for (const field of ENTERPRISE_UPDATABLE_FIELDS) {
    if (patch[field] !== undefined) merged[field] = patch[field];
  }
  return checkEnterpriseInput(merged, today);
}

/** The fields two enterprises differ in, for conflict messages. */
export function differingEnterpriseFields(a: EnterpriseFields, b: EnterpriseFields): string[] {
  const keys: (keyof EnterpriseFields)[] = ['uscc', ...ENTERPRISE_UPDATABLE_FIELDS];
  return keys.filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}
