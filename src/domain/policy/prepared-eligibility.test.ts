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
    clauses: {},
    waitingList: false,
    notes: [],
    ...overrides,
  };
}

describe('prepareEligibility', () => {
  it('shows the window and the credit records, and turns the eligibility into a condition', () => {
    const prepared = prepareEligibility(program({ effectiveTo: '2025-12-31' }));
    expect(prepared.window).toBe('2025-01-01 – 2025-12-31');
    expect(prepared.creditRecords).toBe('good, poor');
    expect(prepared.condition).toMatchObject({
      enterpriseRegionCodes: ['330100', '330200'],
      sizes: ['micro', 'small'],
      kinds: ['compute', 'model'],
      providerRegionCodes: ['520000'],
    });
    expect(prepared.clause).toBeUndefined();
  });

  it('shows an open end and cites the eligibility clause of the main source', () => {
    const prepared = prepareEligibility(
      program({
        sources: [{ title: '人工智能算力券实施方案（2023—2025年）' }],
        clauses: { eligibility: '一、支持对象' },
      }),
    );
    expect(prepared.window).toBe('2025-01-01 – …');
    expect(prepared.clause).toBe('《人工智能算力券实施方案（2023—2025年）》一、支持对象');
  });
});
