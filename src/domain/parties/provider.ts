import type { CheckResult } from './enterprise.ts';
import {
  checkEnumSet,
  checkOptionalPhone,
  checkOptionalText,
  checkRegion,
  checkText,
  checkUscc,
  MAX_ADDRESS_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PERSON_NAME_LENGTH,
  ProblemList,
} from './fields.ts';
import { validateUscc } from './uscc.ts';

export const PROVIDER_KINDS = ['compute', 'model'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Where the accelerators behind an offer were made; programs pay different rates. */
export const ACCELERATOR_ORIGINS = ['domestic', 'imported'] as const;
export type AcceleratorOrigin = (typeof ACCELERATOR_ORIGINS)[number];

export interface ProviderFields {
  uscc: string;
  name: string;
  regionCode: string;
  kinds: ProviderKind[];
  acceleratorOrigins: AcceleratorOrigin[];
  legalRepresentative: string | null;
  phone: string | null;
  address: string | null;
}

/** A stored provider (compute centre or model-service company); its id is its tenant id. */
export interface Provider extends ProviderFields {
  id: string;
  createdAt: Date;
}

export interface ProviderInput {
  uscc: string;
  name: string;
  regionCode?: string | undefined;
  kinds: readonly string[];
  acceleratorOrigins?: readonly string[] | undefined;
  legalRepresentative?: string | null | undefined;
  phone?: string | null | undefined;
  address?: string | null | undefined;
}

/**
 * Checks a new provider: a compute provider must say which accelerator origins it offers;
 * a model-only provider may leave them empty.
 */
export function checkProviderInput(
  input: Readonly<Record<string, unknown>>,
): CheckResult<ProviderFields> {
  const problems = new ProblemList();
  const uscc = checkUscc(problems, input.uscc);
  const parsed = validateUscc(uscc);
  const kinds = checkEnumSet(problems, 'kinds', input.kinds, PROVIDER_KINDS, 1);
  const value: ProviderFields = {
    uscc,
    name: checkText(problems, 'name', input.name, MAX_NAME_LENGTH),
    regionCode: checkRegion(problems, input.regionCode, parsed.ok ? parsed.regionCode : ''),
    kinds,
    acceleratorOrigins: checkEnumSet(
      problems,
      'acceleratorOrigins',
      input.acceleratorOrigins ?? [],
      ACCELERATOR_ORIGINS,
      kinds.includes('compute') ? 1 : 0,
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
