import { describe, expect, it } from 'vitest';
import { prepareEligibility } from './prepared-eligibility.ts';
import type { ProgramDefinition } from './program.ts';

const label = { 'zh-CN': '规则', en: 'rule' };

function program(overrides: Partial<ProgramDefinition> = {}): ProgramDefinition {
  return {
    id: 'texts',
    version: 1,
    name: label,
    issuer: label,
    regionCode: '330100',
    fiscalYear: 2025,
    effectiveFrom: '2025-01-01',
    allocation: 'review',
    disbursement: 'reimburse-enterprise',
    eligibility: {
      enterpriseRegionCodes: ['330100', '330200'],
      sizes: ['micro', 'small'],
      industries: ['software', 'ai'],
      providerRegionCodes: ['520000'],
      creditRecords: ['good', 'poor'],
      purchaseKinds: ['compute', 'model'],
      excludeRelatedPartyProvider: true,
      exclusiveOnContract: false,
      oneClaimPerContract: false,
    },
    rates: [],
    caps: {},
    stacking: [],
    sources: [],
    notes: [],
    ...overrides,
  };
}

describe('prepareEligibility', () => {
  it('lists each rule of the definition in both languages, with its region prefixes', () => {
    expect(prepareEligibility(program({ effectiveTo: '2025-12-31' }))).toEqual({
      window: '2025-01-01 – 2025-12-31',
      enterpriseRegionCodes: '330100, 330200',
      sizes: 'micro, small',
      sizesZh: '微型企业、小型企业',
      industries: 'software, ai',
      creditRecords: 'good, poor',
      purchaseKinds: 'compute, model',
      purchaseKindsZh: '智能算力、模型服务',
      providerRegionCodes: '520000',
      enterpriseRegionPrefixes: ['3301', '3302'],
      providerRegionPrefixes: ['52'],
    });
  });

  it('shows an open end, an open region and absent rules', () => {
    const open = program();
    const prepared = prepareEligibility({
      ...open,
      eligibility: {
        enterpriseRegionCodes: 'any',
        creditRecords: ['good'],
        purchaseKinds: ['corpus'],
        excludeRelatedPartyProvider: false,
        exclusiveOnContract: false,
        oneClaimPerContract: false,
      },
    });
    expect(prepared.window).toBe('2025-01-01 – …');
    expect(prepared.enterpriseRegionCodes).toBe('any');
    expect(prepared.enterpriseRegionPrefixes).toBe('any');
    expect(prepared.providerRegionPrefixes).toBeUndefined();
    expect([
      prepared.sizes,
      prepared.sizesZh,
      prepared.industries,
      prepared.providerRegionCodes,
    ]).toEqual(['', '', '', '']);
    expect(prepared.purchaseKindsZh).toBe('语料与数据');
  });
});
