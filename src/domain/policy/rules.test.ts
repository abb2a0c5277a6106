import { describe, expect, it } from 'vitest';
import { evaluateProgram, evaluatePurchase, type ProgramEvaluation } from './evaluate-purchase.ts';
import { wholeMonthsBetween, type EnterpriseProfile, type PurchaseLine } from './inputs.ts';
import { regionContains, type ProgramDefinition } from './program.ts';
import { versionsInForce } from './versions.ts';

/** A plain program: Hangzhou city, compute, 30 %, no caps, no stacking. */
function program(overrides: Partial<ProgramDefinition> = {}): ProgramDefinition {
  return {
    id: 'test-program',
    version: 1,
    name: { 'zh-CN': '测试', en: 'test' },
    issuer: { 'zh-CN': '测试局', en: 'test bureau' },
    regionCode: '330100',
    fiscalYear: 2025,
    effectiveFrom: '2025-01-01',
    effectiveTo: '2025-12-31',
    allocation: 'review',
    disbursement: 'reimburse-enterprise',
    eligibility: {
      enterpriseRegionCodes: ['330100'],
      creditRecords: ['good'],
      purchaseKinds: ['compute'],
      excludeRelatedPartyProvider: true,
      exclusiveOnContract: false,
      oneClaimPerContract: false,
    },
    rates: [
      { id: 'all', label: { 'zh-CN': '全部', en: 'all' }, when: {}, order: 1, rateBps: 3000 },
    ],
    caps: {},
    stacking: [],
    sources: [{ title: 'test' }],
    clauses: {},
    waitingList: false,
    notes: [],
    ...overrides,
  };
}

const enterprise: EnterpriseProfile = {
  id: 'e-1',
  usccRegionCode: '330106',
  size: 'small',
  foundedOn: '2020-01-15',
  industries: ['software'],
  creditRecord: 'good',
  relatedPartyIds: ['p-related'],
};

const purchase: PurchaseLine = {
  kind: 'compute',
  amountFen: 100_000_00n, // ¥100,000
  contractId: 'c-1',
  contractAmountFen: 100_000_00n,
  contractSignedOn: '2025-02-01',
  contractTermMonths: 12,
  providerId: 'p-1',
  chipOrigin: 'domestic',
  date: '2025-03-01',
};

function entry(result: ProgramEvaluation, rule: string) {
  return result.trace.find((item) => item.rule === rule);
}

describe('regions (GB/T 2260 prefixes)', () => {
  it('a province contains its cities and districts, a city its districts, a district only itself', () => {
    expect(regionContains('330000', '330106')).toBe(true);
    expect(regionContains('330100', '330106')).toBe(true);
    expect(regionContains('330100', '330200')).toBe(false);
    expect(regionContains('330106', '330106')).toBe(true);
    expect(regionContains('330106', '330105')).toBe(false);
  });

  it('refuses an enterprise registered outside the region, and accepts any region when the program says so', () => {
    const outside = evaluateProgram({
      program: program(),
      enterprise: { ...enterprise, usccRegionCode: '420102' },
      purchase,
    });
    expect(outside.eligible).toBe(false);
    expect(entry(outside, 'eligibility.region')?.outcome).toBe('refused');
    const open = program({
      eligibility: { ...program().eligibility, enterpriseRegionCodes: 'any' },
    });
    expect(
      evaluateProgram({
        program: open,
        enterprise: { ...enterprise, usccRegionCode: '420102' },
        purchase,
      }).eligible,
    ).toBe(true);
  });

  it('checks where the provider is when the program restricts it', () => {
    const guizhou = program({
      eligibility: {
        ...program().eligibility,
        enterpriseRegionCodes: 'any',
        providerRegionCodes: ['520000'],
      },
    });
    expect(
      evaluateProgram({
        program: guizhou,
        enterprise,
        purchase: { ...purchase, providerRegionCode: '520100' },
      }).eligible,
    ).toBe(true);
    expect(
      evaluateProgram({
        program: guizhou,
        enterprise,
        purchase: { ...purchase, providerRegionCode: '330100' },
      }).eligible,
    ).toBe(false);
    const unknown = evaluateProgram({ program: guizhou, enterprise, purchase });
    expect(entry(unknown, 'eligibility.provider-region')?.numbers.providerRegionCode).toBe(
      'unknown',
    );
  });
});

describe('eligibility rules', () => {
  const base = program().eligibility;

  it('size, start-up age and industry', () => {
    const sme = program({ eligibility: { ...base, sizes: ['micro', 'small', 'medium'] } });
    expect(evaluateProgram({ program: sme, enterprise, purchase }).eligible).toBe(true);
    expect(
      evaluateProgram({ program: sme, enterprise: { ...enterprise, size: 'large' }, purchase })
        .eligible,
    ).toBe(false);
    // Founded 2020-01-15, purchase 2025-03-01: 61 whole months.
    expect(wholeMonthsBetween('2020-01-15', '2025-03-01')).toBe(61);
    const young = program({ eligibility: { ...base, enterpriseAgeMaxMonths: 60 } });
    const refused = evaluateProgram({ program: young, enterprise, purchase });
    expect(entry(refused, 'eligibility.startup-age')?.numbers).toEqual({
      enterpriseAgeMonths: '61',
      maxMonths: '60',
    });
    expect(
      evaluateProgram({
        program: program({ eligibility: { ...base, enterpriseAgeMaxMonths: 61 } }),
        enterprise,
        purchase,
      }).eligible,
    ).toBe(true);
    const ai = program({ eligibility: { ...base, industries: ['ai', 'software'] } });
    expect(evaluateProgram({ program: ai, enterprise, purchase }).eligible).toBe(true);
    expect(
      evaluateProgram({
        program: ai,
        enterprise: { ...enterprise, industries: ['retail'] },
        purchase,
      }).eligible,
    ).toBe(false);
  });

  it('credit record: poor only where accepted, blacklisted never', () => {
    const lenient = program({
      eligibility: { ...base, creditRecords: ['good', 'poor', 'blacklisted'] },
    });
    expect(
      evaluateProgram({
        program: program(),
        enterprise: { ...enterprise, creditRecord: 'poor' },
        purchase,
      }).eligible,
    ).toBe(false);
    expect(
      evaluateProgram({
        program: lenient,
        enterprise: { ...enterprise, creditRecord: 'poor' },
        purchase,
      }).eligible,
    ).toBe(true);
    expect(
      evaluateProgram({
        program: lenient,
        enterprise: { ...enterprise, creditRecord: 'blacklisted' },
        purchase,
      }).eligible,
    ).toBe(false);
  });

  it('purchase kind and related-party provider', () => {
    expect(
      evaluateProgram({ program: program(), enterprise, purchase: { ...purchase, kind: 'corpus' } })
        .eligible,
    ).toBe(false);
    const related = evaluateProgram({
      program: program(),
      enterprise,
      purchase: { ...purchase, providerId: 'p-related' },
    });
    expect(related.eligible).toBe(false);
    expect(entry(related, 'eligibility.related-party')?.outcome).toBe('refused');
    const allowed = program({ eligibility: { ...base, excludeRelatedPartyProvider: false } });
    expect(
      evaluateProgram({
        program: allowed,
        enterprise,
        purchase: { ...purchase, providerId: 'p-related' },
      }).eligible,
    ).toBe(true);
  });

  it('no double subsidy and one claim per contract', () => {
    const exclusive = program({ eligibility: { ...base, exclusiveOnContract: true } });
    const other = [{ programId: 'elsewhere', subsidyFen: 1n }];
    expect(
      evaluateProgram({ program: exclusive, enterprise, purchase, otherSubsidies: other }).eligible,
    ).toBe(false);
    expect(
      evaluateProgram({
        program: exclusive,
        enterprise,
        purchase,
        otherSubsidies: [{ programId: 'elsewhere', subsidyFen: 0n }],
      }).eligible,
    ).toBe(true);
    const once = program({ eligibility: { ...base, oneClaimPerContract: true } });
    const ytd = {
      enterpriseYearSubsidyFen: 5n,
      programYearCommittedFen: 5n,
      contractSubsidyFen: 5n,
    };
    expect(evaluateProgram({ program: once, enterprise, purchase, yearToDate: ytd }).eligible).toBe(
      false,
    );
  });

  it('contract signing window, contract term and the effective period', () => {
    const window = program({
      eligibility: { ...base, contractSignedFrom: '2023-09-01', contractTermMaxMonths: 12 },
    });
    expect(evaluateProgram({ program: window, enterprise, purchase }).eligible).toBe(true);
    expect(
      evaluateProgram({
        program: window,
        enterprise,
        purchase: { ...purchase, contractSignedOn: '2023-08-31' },
      }).eligible,
    ).toBe(false);
    expect(
      evaluateProgram({
        program: window,
        enterprise,
        purchase: { ...purchase, contractTermMonths: 13 },
      }).eligible,
    ).toBe(false);
    const noTerm: PurchaseLine = { ...purchase };
    delete noTerm.contractTermMonths;
    expect(evaluateProgram({ program: window, enterprise, purchase: noTerm }).eligible).toBe(false);
    expect(
      evaluateProgram({
        program: program(),
        enterprise,
        purchase: { ...purchase, date: '2026-01-01' },
      }).eligible,
    ).toBe(false);
    expect(
      evaluateProgram({ program: program(), enterprise, purchase, date: '2024-12-31' }).eligible,
    ).toBe(false);
  });

  it('lists every refusal, not only the first', () => {
    const result = evaluateProgram({
      program: program(),
      enterprise: { ...enterprise, usccRegionCode: '110105', creditRecord: 'poor' },
      purchase: { ...purchase, kind: 'model' },
    });
    expect(
      result.trace.filter((item) => item.outcome === 'refused').map((item) => item.rule),
    ).toEqual(['eligibility.region', 'eligibility.credit', 'eligibility.purchase-kind', 'result']);
    expect(result.subsidyFen).toBe(0n);
    // The refused trace ends with its result line, naming the rules that refused.
    expect(result.trace.at(-1)?.message.en).toBe(
      'not eligible (eligibility.region, eligibility.credit, eligibility.purchase-kind): no subsidy',
    );
  });
});

describe('rate selection', () => {
  const graded = program({
    eligibility: { ...program().eligibility, purchaseKinds: ['compute', 'model'] },
    rates: [
      {
        id: 'sme-small',
        label: { 'zh-CN': '小合同', en: 'small contract' },
        order: 1,
        when: { sizes: ['small'], contractAmountMaxFen: 500_000_00n },
        rateBps: 5000,
      },
      {
        id: 'domestic',
        label: { 'zh-CN': '国产', en: 'domestic' },
        order: 2,
        when: { kinds: ['compute'], chipOrigins: ['domestic'] },
        rateBps: 3000,
      },
      {
        id: 'filed',
        label: { 'zh-CN': '备案', en: 'filed' },
        order: 3,
        when: { kinds: ['model'], filedModel: true },
        rateBps: 3000,
      },
      {
        id: 'other',
        label: { 'zh-CN': '其他', en: 'other' },
        order: 4,
        when: { kinds: ['compute'] },
        rateBps: 2000,
      },
    ],
  });

  it('takes the first rule that fits and traces the ones before it as refused, with the threshold', () => {
    const big = { ...purchase, amountFen: 600_000_00n, contractAmountFen: 600_000_00n };
    const result = evaluateProgram({ program: graded, enterprise, purchase: big });
    expect(result.rateBps).toBe(3000);
    expect(entry(result, 'rate.sme-small')?.numbers.thresholdFen).toBe('50000000');
    expect(evaluateProgram({ program: graded, enterprise, purchase }).rateBps).toBe(5000);
    expect(
      evaluateProgram({
        program: graded,
        enterprise: { ...enterprise, size: 'large' },
        purchase: { ...purchase, chipOrigin: 'imported' },
      }).rateBps,
    ).toBe(2000);
  });

  it('a model service needs a filed model; nothing fits → no subsidy', () => {
    const large = { ...enterprise, size: 'large' as const };
    expect(
      evaluateProgram({
        program: graded,
        enterprise: large,
        purchase: { ...purchase, kind: 'model', filedModel: true },
      }).rateBps,
    ).toBe(3000);
    const unfiled = evaluateProgram({
      program: graded,
      enterprise: large,
      purchase: { ...purchase, kind: 'model' },
    });
    expect([unfiled.eligible, unfiled.subsidyFen]).toEqual([false, 0n]);
    expect(entry(unfiled, 'rate.none')?.outcome).toBe('refused');
  });

  it('rounds down to the fen and says so', () => {
    // 333 fen × 30 % = 99.9 fen → 99 fen.
    const result = evaluateProgram({
      program: program(),
      enterprise,
      purchase: { ...purchase, amountFen: 333n },
    });
    expect(result.subsidyFen).toBe(99n);
    expect(entry(result, 'rate.apply')?.message.en).toContain('rounded down');
    expect(entry(result, 'rate.apply')?.message['zh-CN']).toContain('向下取整');
  });
});

describe('caps', () => {
  it('per claim, per contract, per enterprise-year, program-year quota and budget each lower the subsidy', () => {
    const ytd = {
      enterpriseYearSubsidyFen: 0n,
      programYearCommittedFen: 0n,
      contractSubsidyFen: 0n,
    };
    // Base: ¥100,000 × 30 % = ¥30,000 = 3,000,000 fen.
    const cases: [ProgramDefinition['caps'], bigint | undefined, typeof ytd, bigint, string][] = [
      [{ perClaimFen: 1_000_000n }, undefined, ytd, 1_000_000n, 'cap.per-claim'],
      [
        { perContractFen: 2_000_000n },
        undefined,
        { ...ytd, contractSubsidyFen: 1_500_000n },
        500_000n,
        'cap.per-contract',
      ],
      [
        { perEnterpriseYearFen: 5_000_000n },
        undefined,
        { ...ytd, enterpriseYearSubsidyFen: 4_000_000n },
        1_000_000n,
        'cap.enterprise-year',
      ],
      [
        { perProgramYearFen: 10_000_000n },
        undefined,
        { ...ytd, programYearCommittedFen: 9_200_000n },
        800_000n,
        'cap.program-year',
      ],
      [{}, 10_000_000n, { ...ytd, programYearCommittedFen: 9_900_000n }, 100_000n, 'cap.budget'],
      [{}, 10_000_000n, { ...ytd, programYearCommittedFen: 12_000_000n }, 0n, 'cap.budget'],
    ];
    for (const [caps, budgetFen, yearToDate, expected, rule] of cases) {
      const definition = program({ caps, ...(budgetFen === undefined ? {} : { budgetFen }) });
      const result = evaluateProgram({ program: definition, enterprise, purchase, yearToDate });
      expect([rule, result.subsidyFen]).toEqual([rule, expected]);
      expect(entry(result, rule)?.outcome).toBe('applied');
    }
    const loose = evaluateProgram({
      program: program({ caps: { perClaimFen: 10_000_000n } }),
      enterprise,
      purchase,
    });
    expect([loose.subsidyFen, entry(loose, 'cap.per-claim')?.outcome]).toEqual([
      3_000_000n,
      'info',
    ]);
  });
});

describe('stacking and who pays', () => {
  const city = program({
    id: 'city',
    stacking: [
      {
        id: 'district',
        label: { 'zh-CN': '区县叠加', en: 'with district' },
        when: {},
        combinedRateBps: 6000,
      },
    ],
  });
  const district = program({
    id: 'district',
    regionCode: '330106',
    eligibility: { ...program().eligibility, enterpriseRegionCodes: ['330106'] },
    rates: [
      { id: 'top-up', label: { 'zh-CN': '配套', en: 'top-up' }, when: {}, order: 2, rateBps: 4000 },
    ],
    stacking: [
      {
        id: 'city',
        label: { 'zh-CN': '与市级叠加', en: 'with city' },
        when: {},
        combinedRateBps: 10_000,
      },
    ],
  });

  it('city + district stay within the city ceiling of 60 %, stacked by what each gives alone whatever the order given', () => {
    // District 40 % = ¥40,000 alone, city 30 % = ¥30,000 alone: the district goes first; the
    // city's 60 % ceiling then leaves ¥60,000 − ¥40,000 = ¥20,000 for the city.
    const result = evaluatePurchase({ programs: [city, district], enterprise, purchase });
    expect(result.order).toEqual(['district', 'city']);
    expect(result.programs.map((item) => [item.programId, item.subsidyFen])).toEqual([
      ['district', 4_000_000n],
      ['city', 2_000_000n],
    ]);
    expect(result.totalSubsidyFen).toBe(6_000_000n);
    expect(result.enterpriseShareFen).toBe(4_000_000n);
  });

  it('a program that does not stack is limited to its own rate over what others gave', () => {
    // Own rate 30 % of the ¥100,000 contract = ¥30,000; another program gave ¥25,000 → ¥5,000 left.
    const result = evaluateProgram({
      program: program(),
      enterprise,
      purchase,
      otherSubsidies: [{ programId: 'x', subsidyFen: 2_500_000n }],
    });
    expect(result.subsidyFen).toBe(500_000n);
    expect(entry(result, 'stacking.combined-rate')?.outcome).toBe('applied');
  });

  it('splits by disbursement mode: provider paid at sale vs enterprise reimbursed', () => {
    const atSale = program({
      id: 'at-sale',
      disbursement: 'pay-provider',
      regionCode: '330000',
      eligibility: { ...program().eligibility, enterpriseRegionCodes: ['330000'] },
      stacking: [
        { id: 'any', label: { 'zh-CN': '叠加', en: 'stack' }, when: {}, combinedRateBps: 6000 },
      ],
    });
    const result = evaluatePurchase({ programs: [city, atSale], enterprise, purchase });
    expect(result.programs.map((item) => [item.programId, item.payer, item.subsidyFen])).toEqual([
      ['at-sale', 'provider paid', 3_000_000n],
      ['city', 'enterprise reimbursed', 3_000_000n],
    ]);
    expect(result.payments).toEqual({
      enterprisePaysProviderFen: 7_000_000n,
      programsPayProviderFen: 3_000_000n,
      programsReimburseEnterpriseFen: 3_000_000n,
    });
  });

  it('programs together never pay more than the line, even when the contract is larger', () => {
    const generous = (id: string, regionCode: string) =>
      program({
        id,
        regionCode,
        eligibility: { ...program().eligibility, enterpriseRegionCodes: 'any' },
        rates: [
          { id: 'r', label: { 'zh-CN': '高', en: 'high' }, when: {}, order: 3, rateBps: 8000 },
        ],
        stacking: [
          { id: 's', label: { 'zh-CN': '全额', en: 'full' }, when: {}, combinedRateBps: 10_000 },
        ],
      });
    const line = { ...purchase, amountFen: 1_000_000n, contractAmountFen: 100_000_000n };
    const result = evaluatePurchase({
      programs: [generous('a', '330000'), generous('b', '330100')],
      enterprise,
      purchase: line,
    });
    expect(result.totalSubsidyFen).toBe(1_000_000n);
    expect(result.programs[1]?.trace.some((item) => item.rule === 'stacking.purchase-amount')).toBe(
      true,
    );
  });
});

describe('versions in force', () => {
  it('picks the highest version whose period contains the date', () => {
    const v1 = program({ version: 1, effectiveFrom: '2025-01-01', effectiveTo: '2025-12-31' });
    const v2 = program({ version: 2, effectiveFrom: '2025-07-01', effectiveTo: '2025-12-31' });
    expect(versionsInForce([v2, v1], '2025-06-30').map((item) => item.version)).toEqual([1]);
    expect(versionsInForce([v1, v2], '2025-07-01').map((item) => item.version)).toEqual([2]);
    expect(versionsInForce([v1, v2], '2026-01-01')).toEqual([]);
  });
});
