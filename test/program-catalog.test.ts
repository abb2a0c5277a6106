import { beforeAll, describe, expect, it } from 'vitest';
import {
  evaluateProgram,
  evaluatePurchase,
  type ProgramEvaluation,
} from '../src/domain/policy/evaluate-purchase.ts';
import type {
  EnterpriseProfile,
  OtherSubsidy,
  PurchaseLine,
  YearToDate,
} from '../src/domain/policy/inputs.ts';
import type { ProgramDefinition } from '../src/domain/policy/program.ts';
import { versionsInForce } from '../src/domain/policy/versions.ts';
import { loadCatalog } from '../src/services/programs/index.ts';

/**
 * Table tests of every real program in `programs/`: concrete purchases whose subsidy was worked
 * out by hand from the program's text (arithmetic in each case's comment). ¥1 = 100 fen.
 */

let catalog: ProgramDefinition[] = [];
beforeAll(async () => {
  catalog = (await loadCatalog()).map((file) => file.definition);
});

const yuan = (amount: number): bigint => BigInt(Math.round(amount * 100));

interface Case {
  name: string;
  enterprise?: Partial<EnterpriseProfile>;
  purchase?: Partial<PurchaseLine>;
  yearToDate?: Partial<YearToDate>;
  otherSubsidies?: OtherSubsidy[];
  /** Expected subsidy in fen; 0n with `refused` when the program refuses. */
  subsidyFen: bigint;
  rateBps?: number;
  /** A rule that must appear refused (eligibility) or applied (a cap). */
  refused?: string;
  applied?: string;
}

export function evaluate(programId: string, testCase: Case): ProgramEvaluation {
  const date = testCase.purchase?.date ?? '2025-06-01';
  const program = versionsInForce(catalog, date).find((definition) => definition.id === programId);
  if (!program) throw new Error(`${programId} not in force on ${date}`);
  const enterprise: EnterpriseProfile = {
    id: 'e-1',
    usccRegionCode: program.regionCode,
    size: 'large',
    foundedOn: '2015-03-01',
    // GB/T 4754 I6513: application software development (Beijing's 软件信息服务业).
    industries: ['I6513'],
    creditRecord: 'good',
    relatedPartyIds: ['p-related'],
    ...testCase.enterprise,
  };
  const amountFen = testCase.purchase?.amountFen ?? yuan(1_000_000);
  const purchase: PurchaseLine = {
    kind: 'compute',
    amountFen,
    contractId: 'c-1',
    contractAmountFen: amountFen,
    contractSignedOn: '2025-05-01',
    contractTermMonths: 12,
    providerId: 'p-1',
    // A local provider, a purchase declared for model R&D, serving project prj-1.
    providerRegionCode: program.regionCode,
    chipOrigin: 'domestic',
    purpose: 'model-rnd',
    projectId: 'prj-1',
    date,
    ...testCase.purchase,
  };
  const yearToDate: YearToDate = {
    enterpriseYearSubsidyFen: 0n,
    programYearCommittedFen: 0n,
    contractSubsidyFen: 0n,
    ...testCase.yearToDate,
  };
  return evaluateProgram({
    program,
    enterprise,
    purchase,
    yearToDate,
    otherSubsidies: testCase.otherSubsidies ?? [],
  });
}

function table(programId: string, cases: Case[]): void {
  describe(programId, () => {
    for (const testCase of cases) {
      it(testCase.name, () => {
        const result = evaluate(programId, testCase);
        expect(result.subsidyFen).toBe(testCase.subsidyFen);
        if (testCase.rateBps !== undefined) expect(result.rateBps).toBe(testCase.rateBps);
        if (testCase.refused) {
          expect(result.eligible).toBe(false);
          expect(result.trace.find((entry) => entry.rule === testCase.refused)?.outcome).toBe(
            'refused',
          );
        }
        if (testCase.applied) {
          expect(result.trace.find((entry) => entry.rule === testCase.applied)?.outcome).toBe(
            'applied',
          );
        }
      });
    }
  });
}

table('hangzhou-city-compute', [
  // Large firm, domestic compute: ¥1,000,000 × 30 % = ¥300,000.
  { name: 'domestic compute 30 %', subsidyFen: yuan(300_000), rateBps: 3000 },
  // Imported compute is "other compute": ¥1,000,000 × 20 % = ¥200,000.
  {
    name: 'other compute 20 %',
    purchase: { chipOrigin: 'imported' },
    subsidyFen: yuan(200_000),
    rateBps: 2000,
  },
  // Small firm, domestic compute, contract ¥400,000 ≤ ¥500,000 declared this year: 50 % → ¥200,000.
  {
    name: 'SME whose compute contracts this year total ≤ ¥500k, domestic compute: 50 %',
    enterprise: { size: 'small' },
    purchase: { amountFen: yuan(400_000) },
    subsidyFen: yuan(200_000),
    rateBps: 5000,
  },
  // 一（一）: the SME tier is for compute; imported compute stays "other compute" 20 % → ¥80,000.
  {
    name: "an SME's imported compute gets other compute's 20 %, not the SME tier",
    enterprise: { size: 'small' },
    purchase: { amountFen: yuan(400_000), chipOrigin: 'imported' },
    subsidyFen: yuan(80_000),
    rateBps: 2000,
  },
  // 一（一）"年申报智算合同累计金额50万元(含)以下": ¥300,000 declared earlier + ¥400,000 = ¥700,000
  // > ¥500,000, so the SME tier does not apply: domestic 30 % → ¥120,000.
  {
    name: 'SME tier keyed on the firm-year total of contracts, not one contract',
    enterprise: { size: 'small' },
    purchase: { amountFen: yuan(400_000) },
    yearToDate: { enterpriseYearContractsFen: yuan(300_000) },
    subsidyFen: yuan(120_000),
    rateBps: 3000,
  },
  // Note: "Model services on a model that is not filed get no rate" — an SME included.
  {
    name: "an SME's model service on an unfiled model gets nothing",
    enterprise: { size: 'small' },
    purchase: { kind: 'model', amountFen: yuan(100_000), filedModel: false },
    subsidyFen: 0n,
    refused: 'rate.none',
  },
  // Small firm, contract ¥600,000 > ¥500,000: the SME rate is refused by the threshold; domestic 30 % → ¥180,000.
  {
    name: 'SME above the ¥500k threshold falls back to 30 %',
    enterprise: { size: 'small' },
    purchase: { amountFen: yuan(600_000) },
    subsidyFen: yuan(180_000),
    rateBps: 3000,
  },
  // MaaS on a filed model: ¥100,000 × 30 % = ¥30,000.
  {
    name: 'model service on a filed model 30 %',
    purchase: { kind: 'model', amountFen: yuan(100_000), filedModel: true },
    subsidyFen: yuan(30_000),
  },
  // MaaS on a model that is not filed: no rate applies.
  {
    name: 'model service on an unfiled model gets nothing',
    purchase: { kind: 'model', amountFen: yuan(100_000), filedModel: false },
    subsidyFen: 0n,
    refused: 'rate.none',
  },
  // ¥40,000,000 × 30 % = ¥12,000,000, capped at ¥8,000,000 per enterprise-year.
  {
    name: '¥8M per-enterprise cap',
    purchase: { amountFen: yuan(40_000_000) },
    subsidyFen: yuan(8_000_000),
    applied: 'cap.enterprise-year',
  },
  // ¥7,900,000 already this year: ¥300,000 due, ¥100,000 left under the cap.
  {
    name: 'cap counts the year to date',
    yearToDate: { enterpriseYearSubsidyFen: yuan(7_900_000) },
    subsidyFen: yuan(100_000),
  },
  // ¥333.33 × 20 % = ¥66.666 → 6,666 fen (rounded down).
  {
    name: 'rounds down to the fen',
    purchase: { amountFen: 33_333n, chipOrigin: 'imported' },
    subsidyFen: 6_666n,
  },
  // Ningbo (330200) is not Hangzhou (330100).
  {
    name: 'enterprise outside Hangzhou refused',
    enterprise: { usccRegionCode: '330200' },
    subsidyFen: 0n,
    refused: 'eligibility.region',
  },
  {
    name: 'related-party provider refused',
    purchase: { providerId: 'p-related' },
    subsidyFen: 0n,
    refused: 'eligibility.related-party',
  },
]);

describe('Hangzhou city + Xihu district stacking up to 60 %', () => {
  const run = (enterprise: Partial<EnterpriseProfile>, amountFen: bigint) => {
    const programs = versionsInForce(catalog, '2025-06-01').filter((program) =>
      program.id.startsWith('hangzhou-'),
    );
    return evaluatePurchase({
      programs,
      enterprise: {
        id: 'e-1',
        usccRegionCode: '330106',
        size: 'large',
        foundedOn: '2015-03-01',
        industries: [],
        creditRecord: 'good',
        relatedPartyIds: [],
        ...enterprise,
      },
      purchase: {
        kind: 'compute',
        amountFen,
        contractId: 'c-1',
        contractAmountFen: amountFen,
        contractSignedOn: '2025-05-01',
        providerId: 'p-1',
        chipOrigin: 'domestic',
        date: '2025-06-01',
      },
    });
  };

  it('large firm in Xihu: city 30 % + district 30 % = 60 % of ¥1,000,000', () => {
    const result = run({}, yuan(1_000_000));
    expect(result.programs.map((item) => [item.programId, item.subsidyFen])).toEqual([
      ['hangzhou-city-compute', yuan(300_000)],
      ['hangzhou-xihu-compute-topup', yuan(300_000)],
    ]);
    expect(result.totalSubsidyFen).toBe(yuan(600_000));
  });

  it('small firm, ¥400,000 contract: city 50 % = ¥200,000; district 30 % = ¥120,000 cut to ¥40,000 by the 60 % ceiling', () => {
    // 60 % × ¥400,000 = ¥240,000 combined; ¥240,000 − ¥200,000 = ¥40,000 left for the district.
    const result = run({ size: 'small' }, yuan(400_000));
    expect(result.programs.map((item) => item.subsidyFen)).toEqual([yuan(200_000), yuan(40_000)]);
    expect(result.totalSubsidyFen).toBe(yuan(240_000));
    expect(
      result.programs[1]?.trace.find((entry) => entry.rule === 'stacking.combined-rate')?.outcome,
    ).toBe('applied');
  });

  it('a firm in Shangcheng (330102) gets the city voucher only', () => {
    const result = run({ usccRegionCode: '330102' }, yuan(1_000_000));
    expect(result.programs.map((item) => [item.programId, item.eligible])).toEqual([
      ['hangzhou-city-compute', true],
      ['hangzhou-xihu-compute-topup', false],
    ]);
    expect(result.totalSubsidyFen).toBe(yuan(300_000));
  });
});

table('wuhan-compute-service', [
  // SME: ¥200,000 × 50 % = ¥100,000, paid to the provider at sale.
  {
    name: 'SME compute 50 %',
    enterprise: { size: 'small' },
    purchase: { amountFen: yuan(200_000) },
    subsidyFen: yuan(100_000),
    rateBps: 5000,
  },
  { name: 'large firms refused', subsidyFen: 0n, refused: 'eligibility.size' },
  // ¥9,950,000 of the ¥10M pool committed: ¥100,000 due, ¥50,000 left.
  {
    name: 'the ¥10M pool is a hard cap',
    enterprise: { size: 'micro' },
    purchase: { amountFen: yuan(200_000) },
    yearToDate: { programYearCommittedFen: yuan(9_950_000) },
    subsidyFen: yuan(50_000),
    applied: 'cap.budget',
  },
]);

describe('Wuhan pays the provider at the point of sale', () => {
  it('the enterprise pays only its share', () => {
    const program = versionsInForce(catalog, '2025-06-01').filter(
      (item) => item.id === 'wuhan-compute-service',
    );
    const result = evaluatePurchase({
      programs: program,
      enterprise: {
        id: 'e',
        usccRegionCode: '420102',
        size: 'small',
        foundedOn: '2020-01-01',
        industries: [],
        creditRecord: 'good',
        relatedPartyIds: [],
      },
      purchase: {
        kind: 'compute',
        amountFen: yuan(200_000),
        contractId: 'c',
        contractAmountFen: yuan(200_000),
        contractSignedOn: '2025-05-01',
        providerId: 'p',
        date: '2025-06-01',
      },
    });
    // ¥200,000 × 50 % = ¥100,000 from the program to the provider; ¥100,000 from the enterprise.
    expect(result.payments).toEqual({
      enterprisePaysProviderFen: yuan(100_000),
      programsPayProviderFen: yuan(100_000),
      programsReimburseEnterpriseFen: 0n,
    });
  });
});

table('wuhan-model-rnd', [
  // ¥50,000,000 × 30 % = ¥15,000,000.
  {
    name: 'R&D cost 30 %',
    purchase: { kind: 'training', amountFen: yuan(50_000_000) },
    subsidyFen: yuan(15_000_000),
  },
  // ¥100,000,000 × 30 % = ¥30,000,000, capped at ¥20,000,000 per project.
  {
    name: '¥20M per project',
    purchase: { kind: 'training', amountFen: yuan(100_000_000) },
    subsidyFen: yuan(20_000_000),
    applied: 'cap.per-project',
  },
  // "单个项目最高2000万元": a second contract of the same project after ¥15M gets ¥5M, not ¥15M.
  {
    name: 'splitting a project into contracts does not multiply the ¥20M cap',
    purchase: { kind: 'training', amountFen: yuan(50_000_000), contractId: 'c-2' },
    yearToDate: { projectSubsidyFen: yuan(15_000_000) },
    subsidyFen: yuan(5_000_000),
    applied: 'cap.per-project',
  },
  {
    name: 'a purchase that names no project is refused (the cap is per project)',
    purchase: { kind: 'training', projectId: undefined },
    subsidyFen: 0n,
    refused: 'eligibility.project-named',
  },
]);

table('chengdu-compute', [
  // Domestic: ¥1,000,000 × 50 % = ¥500,000.
  { name: 'domestic compute 50 %', subsidyFen: yuan(500_000), rateBps: 5000 },
  // Non-domestic: ¥1,000,000 × 30 % = ¥300,000.
  {
    name: 'non-domestic compute 30 %',
    purchase: { chipOrigin: 'imported' },
    subsidyFen: yuan(300_000),
    rateBps: 3000,
  },
  // ¥12,000,000 × 50 % = ¥6,000,000, capped at ¥5,000,000 per enterprise per year.
  {
    name: '¥5M per enterprise-year',
    purchase: { amountFen: yuan(12_000_000) },
    subsidyFen: yuan(5_000_000),
    applied: 'cap.enterprise-year',
  },
  {
    name: 'chip origin unknown: no rate',
    purchase: { chipOrigin: undefined },
    subsidyFen: 0n,
    refused: 'rate.none',
  },
]);

table('beijing-compute', [
  // ¥1,000,000 × 20 % = ¥200,000.
  { name: 'compute contract 20 %', subsidyFen: yuan(200_000), rateBps: 2000 },
  // ¥15,000,000 × 20 % = ¥3,000,000, capped at ¥2,000,000 per calendar year.
  {
    name: '¥2M per enterprise-year',
    purchase: { amountFen: yuan(15_000_000) },
    subsidyFen: yuan(2_000_000),
    applied: 'cap.enterprise-year',
  },
  {
    name: 'contract signed before 2023-09-01',
    purchase: { contractSignedOn: '2023-08-31' },
    subsidyFen: 0n,
    refused: 'eligibility.contract-signed',
  },
  {
    name: 'contract term over one year',
    purchase: { contractTermMonths: 18 },
    subsidyFen: 0n,
    refused: 'eligibility.contract-term',
  },
  {
    name: 'one claim per contract',
    yearToDate: { contractSubsidyFen: yuan(10_000) },
    subsidyFen: 0n,
    refused: 'eligibility.one-claim-per-contract',
  },
  {
    name: 'no other city subsidy on the contract',
    otherSubsidies: [{ programId: 'beijing-district', subsidyFen: yuan(1) }],
    subsidyFen: 0n,
    refused: 'eligibility.no-double-subsidy',
  },
  {
    name: 'not corpus or other kinds',
    purchase: { kind: 'corpus' },
    subsidyFen: 0n,
    refused: 'eligibility.purchase-kind',
  },
  // 一、支持对象: "不包括存储、网络、安全等其他服务".
  ...(['storage', 'network', 'security'] as const).map((kind) => ({
    name: `not ${kind} (named in the text)`,
    purchase: { kind },
    subsidyFen: 0n,
    refused: 'eligibility.purchase-kind',
  })),
  // 二、支持内容 and the claim date: a contract signed 2026-02-01 cannot be claimed on 2025-03-15.
  {
    name: 'contract signed after the claim date refused',
    purchase: { contractSignedOn: '2026-02-01', date: '2025-03-15' },
    subsidyFen: 0n,
    refused: 'eligibility.contract-before-claim',
  },
  // The window has both ends: the program ends with 2025.
  {
    name: 'contract signed after 2025-12-31 is outside the window',
    purchase: { contractSignedOn: '2026-01-02', date: '2025-12-31' },
    subsidyFen: 0n,
    refused: 'eligibility.contract-signed',
  },
  // Program years: 2024 is covered (version 2): ¥1,000,000 × 20 % = ¥200,000.
  {
    name: 'a 2024 claim is covered',
    purchase: { contractSignedOn: '2024-03-01', date: '2024-05-01' },
    subsidyFen: yuan(200_000),
  },
  // 一、支持对象: software and IT services or manufacturing only.
  {
    name: 'a retailer is refused',
    enterprise: { industries: ['F5212'] },
    subsidyFen: 0n,
    refused: 'eligibility.industry',
  },
  {
    name: 'related-party provider',
    purchase: { providerId: 'p-related' },
    subsidyFen: 0n,
    refused: 'eligibility.related-party',
  },
]);

table('shanghai-compute', [
  // ¥1,000,000 × 30 % = ¥300,000.
  { name: 'city compute 30 %', subsidyFen: yuan(300_000) },
  // Small firm founded 2024-01-01 (17 months): city + district up to 100 %; district gave ¥700,000,
  // 100 % × ¥1,000,000 − ¥700,000 = ¥300,000 left ≥ the city's ¥300,000.
  {
    name: 'small early firm stacks to 100 %',
    enterprise: { size: 'small', foundedOn: '2024-01-01' },
    otherSubsidies: [{ programId: 'shanghai-district', subsidyFen: yuan(700_000) }],
    subsidyFen: yuan(300_000),
  },
  // Large firm does not stack: 30 % × ¥1,000,000 − ¥100,000 from the district = ¥200,000.
  {
    name: 'other firms stay within 30 % together',
    otherSubsidies: [{ programId: 'shanghai-district', subsidyFen: yuan(100_000) }],
    subsidyFen: yuan(200_000),
    applied: 'stacking.combined-rate',
  },
]);

table('shanghai-model', [
  // ¥2,000,000 × 50 % = ¥1,000,000.
  {
    name: 'model vouchers 50 %',
    purchase: { kind: 'model', amountFen: yuan(2_000_000), purpose: 'ai-application' },
    subsidyFen: yuan(1_000_000),
  },
  // ¥12,000,000 × 50 % = ¥6,000,000, capped at ¥5,000,000.
  {
    name: '¥5M cap',
    purchase: { kind: 'model', amountFen: yuan(12_000_000), purpose: 'ai-application' },
    subsidyFen: yuan(5_000_000),
    applied: 'cap.enterprise-year',
  },
]);

table('shanghai-corpus', [
  // ¥500,000 × 30 % = ¥150,000.
  {
    name: 'corpus vouchers 30 %',
    purchase: { kind: 'corpus', amountFen: yuan(500_000) },
    subsidyFen: yuan(150_000),
  },
]);

table('shenzhen-training', [
  // Founded 2023-06-01, purchase 2025-06-01: 24 months ≤ 36 → start-up 60 % of ¥1,000,000 = ¥600,000.
  {
    name: 'start-up 60 %',
    enterprise: { foundedOn: '2023-06-01' },
    purchase: { kind: 'training' },
    subsidyFen: yuan(600_000),
    rateBps: 6000,
  },
  // Founded 2015: 50 % → ¥500,000.
  {
    name: 'training 50 %',
    purchase: { kind: 'training' },
    subsidyFen: yuan(500_000),
    rateBps: 5000,
  },
  // ¥30,000,000 × 50 % = ¥15,000,000, capped at ¥10,000,000.
  {
    name: '¥10M cap',
    purchase: { kind: 'training', amountFen: yuan(30_000_000) },
    subsidyFen: yuan(10_000_000),
  },
]);

table('guizhou-compute', [
  // A Beijing firm buying MaaS from a Guiyang provider: ¥1,000,000 × 30 % = ¥300,000.
  {
    name: 'firm from another province buying Guizhou services',
    enterprise: { usccRegionCode: '110105' },
    purchase: { kind: 'model', providerRegionCode: '520100' },
    subsidyFen: yuan(300_000),
  },
  {
    name: 'provider outside Guizhou refused',
    purchase: { providerRegionCode: '330100' },
    subsidyFen: 0n,
    refused: 'eligibility.provider-region',
  },
]);

describe('guizhou-compute versions', () => {
  it('2025 runs version 1 (¥80M), 2026 version 2 (¥140M)', () => {
    const pick = (date: string) =>
      versionsInForce(catalog, date).find((program) => program.id === 'guizhou-compute');
    expect([pick('2025-12-31')?.version, pick('2025-12-31')?.budgetFen]).toEqual([
      1,
      yuan(80_000_000),
    ]);
    expect([pick('2026-01-01')?.version, pick('2026-01-01')?.budgetFen]).toEqual([
      2,
      yuan(140_000_000),
    ]);
  });
});

table('langfang-compute', [
  // ¥1,000,000 × 50 % = ¥500,000.
  { name: 'compute 50 %', subsidyFen: yuan(500_000), rateBps: 5000 },
  // 一（一）2.: the lead of a national project gets 60 % of that project's compute → ¥600,000.
  {
    name: 'national projects 60 %',
    purchase: { projectTags: ['national-project'] },
    subsidyFen: yuan(600_000),
    rateBps: 6000,
  },
  // The same firm's purchase for another project gets 50 %: the tag is the project's, not the firm's.
  {
    name: "a national project's firm gets 50 % on its other purchases",
    enterprise: { industries: ['national-project'] },
    purchase: { projectId: 'prj-2', projectTags: [] },
    subsidyFen: yuan(500_000),
    rateBps: 5000,
  },
  // 实施细则 名称解释: 算力服务 includes storage resources.
  {
    name: 'storage is subsidised like compute',
    purchase: { kind: 'storage' },
    subsidyFen: yuan(500_000),
  },
  // "使用本地算力服务平台": a provider outside Langfang is refused.
  {
    name: 'compute from outside Langfang refused',
    purchase: { providerRegionCode: '110000' },
    subsidyFen: 0n,
    refused: 'eligibility.provider-region',
  },
  // ¥3,000,000 × 50 % = ¥1,500,000, capped at ¥1,000,000.
  { name: '¥1M cap', purchase: { amountFen: yuan(3_000_000) }, subsidyFen: yuan(1_000_000) },
]);

table('henan-compute', [
  // ¥1,000,000 × 20 % = ¥200,000.
  { name: 'compute 20 %', enterprise: { usccRegionCode: '410105' }, subsidyFen: yuan(200_000) },
  // ¥10,000,000 × 20 % = ¥2,000,000, capped at ¥1,000,000.
  { name: '¥1M cap', purchase: { amountFen: yuan(10_000_000) }, subsidyFen: yuan(1_000_000) },
]);

table('shenzhen-model', [
  // ¥1,000,000 × 30 % = ¥300,000.
  { name: 'model vouchers 30 %', purchase: { kind: 'model' }, subsidyFen: yuan(300_000) },
  // ¥5,000,000 × 30 % = ¥1,500,000, capped at ¥1,000,000 (lower figure of "¥1–2M").
  {
    name: '¥1M cap',
    purchase: { kind: 'model', amountFen: yuan(5_000_000) },
    subsidyFen: yuan(1_000_000),
  },
]);

table('shenzhen-corpus', [
  // ¥10,000,000 × 30 % = ¥3,000,000, capped at ¥2,000,000.
  {
    name: 'corpus 30 % with the ¥2M cap',
    purchase: { kind: 'corpus', amountFen: yuan(10_000_000) },
    subsidyFen: yuan(2_000_000),
  },
]);

table('wuhan-opc', [
  // Micro firm founded 2024-01-01 (17 months): ¥100,000 × 50 % = ¥50,000.
  {
    name: 'AI micro start-up 50 %',
    enterprise: { size: 'micro', foundedOn: '2024-01-01' },
    purchase: { amountFen: yuan(100_000) },
    subsidyFen: yuan(50_000),
  },
  // ¥1,000,000 × 50 % = ¥500,000, capped at ¥200,000 a year.
  {
    name: '¥200k a year',
    enterprise: { size: 'micro', foundedOn: '2024-01-01' },
    subsidyFen: yuan(200_000),
    applied: 'cap.enterprise-year',
  },
  // Founded 2022-05-01: 37 months on 2025-06-01 > 36.
  {
    name: 'more than three years old refused',
    enterprise: { size: 'micro', foundedOn: '2022-05-01' },
    subsidyFen: 0n,
    refused: 'eligibility.startup-age',
  },
  {
    name: 'small (not micro) firms refused',
    enterprise: { size: 'small', foundedOn: '2024-01-01' },
    subsidyFen: 0n,
    refused: 'eligibility.size',
  },
  // 一、强化算力服务支撑: an OPC builds on large models; a catering micro-firm buying compute for
  // its tills (purpose other) is not one.
  {
    name: 'a catering micro-firm buying compute for other purposes is refused',
    enterprise: { size: 'micro', foundedOn: '2024-01-01', industries: ['H6210'] },
    purchase: { amountFen: yuan(100_000), purpose: 'other' },
    subsidyFen: 0n,
    refused: 'eligibility.purpose',
  },
]);

describe('catalog', () => {
  it('holds every program PROGRAMS.md asks for, each with a source and an in-force version in 2025', () => {
    const ids = new Set(versionsInForce(catalog, '2025-06-01').map((program) => program.id));
    for (const id of [
      'hangzhou-city-compute',
      'hangzhou-xihu-compute-topup',
      'wuhan-compute-service',
      'chengdu-compute',
      'beijing-compute',
      'shanghai-compute',
      'shanghai-model',
      'shenzhen-training',
      'guizhou-compute',
      'langfang-compute',
    ]) {
      expect(ids.has(id)).toBe(true);
    }
    for (const program of catalog) expect(program.sources.length).toBeGreaterThan(0);
  });
});

describe('beijing-compute: one claim per contract, on the contract', () => {
  it('a claim for part of a contract is granted and told that the rest can never be claimed', () => {
    // 二、支持内容 "同一合同仅能申领一次": ¥400,000 of a ¥1,000,000 contract × 20 % = ¥80,000,
    // and the other ¥600,000 is lost; the trace says so before the firm submits.
    const result = evaluate('beijing-compute', {
      name: 'partial',
      purchase: { amountFen: yuan(400_000), contractAmountFen: yuan(1_000_000) },
      subsidyFen: yuan(80_000),
    });
    expect(result.subsidyFen).toBe(yuan(80_000));
    const rule = result.trace.find((entry) => entry.rule === 'eligibility.one-claim-per-contract');
    expect(rule?.numbers.unclaimableFen).toBe(String(yuan(600_000)));
    expect(rule?.message.en).toContain('can never be claimed');
    expect(rule?.clause).toBe(
      '《人工智能算力券实施方案（2023—2025年）》一、支持对象；二、支持内容',
    );
  });
});
