import { describe, expect, it } from 'vitest';
import { eligibilityTexts } from './eligibility-texts.ts';
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

describe('eligibilityTexts', () => {
  it('lists each rule of the definition in both languages', () => {
    expect(eligibilityTexts(program({ effectiveTo: '2025-12-31' }))).toEqual({
      window: '2025-01-01 – 2025-12-31',
      enterpriseRegionCodes: '330100, 330200',
      sizes: 'micro, small',
      sizesZh: '微型企业、小型企业',
      industries: 'software, ai',
      creditRecords: 'good, poor',
      purchaseKinds: 'compute, model',
      purchaseKindsZh: '智能算力、模型服务',
      providerRegionCodes: '520000',
    });
  });

  it('shows an open end, an open region and absent rules', () => {
    const open = program();
    const texts = eligibilityTexts({
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
    expect(texts.window).toBe('2025-01-01 – …');
    expect(texts.enterpriseRegionCodes).toBe('any');
    expect([texts.sizes, texts.sizesZh, texts.industries, texts.providerRegionCodes]).toEqual([
      '',
      '',
      '',
      '',
    ]);
    expect(texts.purchaseKindsZh).toBe('语料与数据');
  });
});
