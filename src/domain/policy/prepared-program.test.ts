import { describe, expect, it } from 'vitest';
import { canonicalProgram } from './prepared-program.ts';
import type { ProgramDefinition } from './program.ts';

const label = { 'zh-CN': '规则', en: 'rule' };

/** A bare program: only the keys a definition must have. */
const bare: ProgramDefinition = {
  id: 'bare',
  version: 1,
  name: label,
  issuer: label,
  regionCode: '330100',
  fiscalYear: 2025,
  effectiveFrom: '2025-01-01',
  allocation: 'review',
  disbursement: 'reimburse-enterprise',
  eligibility: {
    enterpriseRegionCodes: 'any',
    creditRecords: ['good'],
    purchaseKinds: ['compute'],
    excludeRelatedPartyProvider: false,
    exclusiveOnContract: false,
    oneClaimPerContract: false,
  },
  rates: [{ id: 'all', label, order: 1, when: {}, rateBps: 3000 }],
  caps: {},
  stacking: [],
  sources: [],
  clauses: {},
  waitingList: false,
  notes: [],
};

/** The same with optional keys set, in another order. */
const full: ProgramDefinition = {
  ...bare,
  id: 'full',
  effectiveTo: '2025-12-31',
  budgetFen: 100_000_000n,
  eligibility: {
    contractTermMaxMonths: 12,
    ...bare.eligibility,
    sizes: ['small'],
    providerRegionCodes: ['330100'],
  },
  rates: [
    { id: 'sme', label, order: 1, when: { sizes: ['small'], kinds: ['compute'] }, rateBps: 5000 },
  ],
  caps: { perEnterpriseYearFen: 1_000_000n, perClaimFen: 500_000n },
  stacking: [{ id: 'city', label, when: { chipOrigins: ['domestic'] }, combinedRateBps: 6000 }],
};

/** Every key path of a value, in order: what decides V8's hidden classes. */
function keyPaths(value: unknown, path = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [path];
  return Object.entries(value).flatMap(([key, inner]) =>
    ['eligibility', 'caps', 'when'].includes(key)
      ? keyPaths(inner, `${path}.${key}`)
      : [`${path}.${key}`],
  );
}

describe('canonicalProgram', () => {
  it('holds the same values as the definition', () => {
    expect(canonicalProgram(bare)).toEqual(bare);
    expect(canonicalProgram(full)).toEqual(full);
  });

  it('gives definitions with different optional keys one shape', () => {
    expect(keyPaths(canonicalProgram(full))).toEqual(keyPaths(canonicalProgram(bare)));
    const fullRate = canonicalProgram(full).rates[0];
    const bareRate = canonicalProgram(bare).rates[0];
    expect(Object.keys(fullRate?.when ?? {})).toEqual(Object.keys(bareRate?.when ?? {}));
  });

  it('copies a definition once', () => {
    const copy = canonicalProgram(full);
    expect(canonicalProgram(full)).toBe(copy);
    expect(canonicalProgram(copy)).toBe(copy);
  });
});
