/**
 * Issue 12, items 4 and 9–17, at the HTTP boundary: each policy rule that diverged from its
 * published text, tried through the public calculator with a purchase built from the program's
 * own wording (the clause is cited at each case), and the YAML parser's limits through the
 * publishing route. Every case here failed on the engine before the fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishCatalog } from '../src/services/programs/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';

interface TraceEntry {
  rule: string;
  outcome: 'applied' | 'refused' | 'info';
  numbers: Record<string, string>;
  message: { 'zh-CN': string; en: string };
  clause?: string;
}
interface Evaluation {
  programId: string;
  eligible: boolean;
  status: string;
  subsidyFen: string;
  rateBps: number;
  budget: { budgetFen: string; leftFen: string; waitingList: boolean } | null;
  trace: TraceEntry[];
}

const yuan = (amount: number): string => String(amount * 100);

/** A Beijing software firm (GB/T 4754 I6513) renting compute to train an industry model. */
const beijingFirm = {
  id: 'e-bj',
  usccRegionCode: '110108',
  size: 'medium',
  foundedOn: '2018-01-01',
  industries: ['I6513'],
};
const beijingPurchase = {
  kind: 'compute',
  amountFen: yuan(1_000_000),
  contractId: 'bj-c-1',
  contractAmountFen: yuan(1_000_000),
  contractSignedOn: '2025-02-01',
  contractTermMonths: 12,
  providerId: 'p-1',
  providerRegionCode: '110105',
  chipOrigin: 'domestic',
  purpose: 'model-rnd',
  date: '2025-03-15',
};

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
  await publishCatalog({ db: h.db, now: h.clock.now() });
});
afterAll(async () => {
  await h.close();
});

async function calculate(body: Record<string, unknown>) {
  const response = await h.as('anonymous').post('/api/v1/programs/calculate', body);
  return response;
}

async function evaluateOne(body: Record<string, unknown>): Promise<Evaluation> {
  const response = await calculate(body);
  expect(response.status, response.text).toBe(200);
  return response.json<Evaluation>();
}

const entry = (result: Evaluation, rule: string) => result.trace.find((item) => item.rule === rule);

describe('4. YAML limits on POST /api/v1/programs/versions', () => {
  const operator = () => h.as('operator-admin@A');
  const count = async () =>
    (await h.db.query<{ n: bigint }>('select count(*)::int8 as n from program_versions'))[0]?.n;

  it('an alias bomb is a 400 PROGRAM_YAML_TOO_COMPLEX and publishes nothing', async () => {
    const before = await count();
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let index = 1; index < 9; index += 1) {
      const previous = String.fromCharCode(96 + index);
      const name = String.fromCharCode(97 + index);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(',')}]`);
    }
    const response = await operator().post('/api/v1/programs/versions', { yaml: lines.join('\n') });
    expect(response.status, response.text).toBe(400);
    expect(response.errorCode).toBe('PROGRAM_YAML_TOO_COMPLEX');
    expect(await count()).toBe(before);
  });

  it('nesting deeper than the limit is a 400 too, in flow and block style', async () => {
    for (const yaml of [
      `id: ${'['.repeat(5_000)}${']'.repeat(5_000)}`,
      `id:\n${Array.from({ length: 40 }, (_, depth) => `${'  '.repeat(depth + 1)}k${depth}:`).join('\n')} 1`,
      `id:\n${'- '.repeat(50)}x`,
    ]) {
      const response = await operator().post('/api/v1/programs/versions', { yaml });
      expect([response.status, response.errorCode], response.text).toEqual([
        400,
        'PROGRAM_YAML_TOO_COMPLEX',
      ]);
    }
  });
});

describe('9. contract window with both ends, checked against the claim date (Beijing 二、支持内容)', () => {
  it('a contract signed 2026-02-01 does not pay on a claim dated 2025-03-15', async () => {
    const result = await evaluateOne({
      programId: 'beijing-compute',
      enterprise: beijingFirm,
      purchase: { ...beijingPurchase, contractSignedOn: '2026-02-01' },
    });
    expect([result.eligible, result.subsidyFen]).toEqual([false, '0']);
    expect(entry(result, 'eligibility.contract-before-claim')?.outcome).toBe('refused');
    expect(entry(result, 'eligibility.contract-signed')?.numbers.to).toBe('2025-12-31');
  });
});

describe('10. rate rules carry conditions, in a stated order (Hangzhou 一（一）)', () => {
  const sme = { id: 'e-hz', usccRegionCode: '330106', size: 'small', foundedOn: '2021-01-01' };
  const line = {
    kind: 'compute',
    amountFen: yuan(400_000),
    contractId: 'hz-c-1',
    contractAmountFen: yuan(400_000),
    contractSignedOn: '2025-03-01',
    providerId: 'p-1',
    chipOrigin: 'domestic',
    date: '2025-04-01',
  };

  it("an SME's model service on an unfiled model gets nothing, as the program's note says", async () => {
    const result = await evaluateOne({
      programId: 'hangzhou-city-compute',
      enterprise: sme,
      purchase: { ...line, kind: 'model', filedModel: false },
    });
    expect([result.subsidyFen, entry(result, 'rate.none')?.outcome]).toEqual(['0', 'refused']);
  });

  it("an SME's imported compute gets other compute's 20 %; domestic compute the SME 50 %", async () => {
    const imported = await evaluateOne({
      programId: 'hangzhou-city-compute',
      enterprise: sme,
      purchase: { ...line, chipOrigin: 'imported' },
    });
    expect([imported.rateBps, imported.subsidyFen]).toEqual([2000, yuan(80_000)]);
    const domestic = await evaluateOne({
      programId: 'hangzhou-city-compute',
      enterprise: sme,
      purchase: line,
    });
    expect([domestic.rateBps, domestic.subsidyFen]).toEqual([5000, yuan(200_000)]);
    expect(entry(domestic, 'rate.sme-domestic-compute')?.numbers.order).toBe('1');
  });
});

describe('11. an exhausted budget (Wuhan compute service vouchers, ¥10M a year)', () => {
  it('says "eligible, budget exhausted", shows what remains and whether a waiting list exists', async () => {
    const result = await evaluateOne({
      programId: 'wuhan-compute-service',
      enterprise: { id: 'e-wh', usccRegionCode: '420102', size: 'small', foundedOn: '2020-01-01' },
      purchase: {
        kind: 'compute',
        amountFen: yuan(200_000),
        contractId: 'wh-c-1',
        contractAmountFen: yuan(200_000),
        contractSignedOn: '2025-05-01',
        providerId: 'p-1',
        date: '2025-06-01',
      },
      yearToDate: { 'wuhan-compute-service': { programYearCommittedFen: yuan(10_000_000) } },
    });
    expect([result.eligible, result.status, result.subsidyFen]).toEqual([
      true,
      'budget-exhausted',
      '0',
    ]);
    expect(result.budget).toEqual({
      budgetFen: yuan(10_000_000),
      leftFen: '0',
      waitingList: false,
    });
    expect(entry(result, 'cap.budget')?.message.en).toBe(
      'annual budget ¥10,000,000.00, used ¥10,000,000.00, ¥0.00 left: subsidy lowered from ¥100,000.00 to ¥0.00',
    );
    const last = result.trace.at(-1);
    expect(last?.message.en).toContain('eligible, budget exhausted');
    expect(last?.message.en).toContain('keeps no waiting list');
    expect(last?.message.en).not.toContain('reimbursed');
  });
});

describe('12. program years (Beijing 2023–25)', () => {
  it('a 2024 claim is covered, a 2022 one gets PROGRAM_NOT_IN_FORCE naming the years covered', async () => {
    const covered = await evaluateOne({
      programId: 'beijing-compute',
      enterprise: beijingFirm,
      purchase: { ...beijingPurchase, contractSignedOn: '2024-03-01', date: '2024-05-01' },
    });
    expect(covered.subsidyFen).toBe(yuan(200_000));
    const before = await calculate({
      programId: 'beijing-compute',
      enterprise: beijingFirm,
      purchase: { ...beijingPurchase, contractSignedOn: '2022-03-01', date: '2022-05-01' },
    });
    expect([before.status, before.errorCode]).toEqual([422, 'PROGRAM_NOT_IN_FORCE']);
    expect(before.json<{ error: { message: string } }>().error.message).toContain(
      '2023-09-01 – 2023-12-31 (fiscal 2023, v1)',
    );
    const list = await h.as('anonymous').get('/api/v1/programs?date=2025-06-01');
    const beijing = list
      .json<{ items: { id: string; covers: { fiscalYear: number }[] }[] }>()
      .items.find((item) => item.id === 'beijing-compute');
    expect(beijing?.covers.map((period) => period.fiscalYear)).toEqual([2023, 2024, 2025]);
  });
});

describe('13. stacking never pays less than the best single program (Beijing + Guizhou)', () => {
  it("a Beijing firm's compute from Guizhou: Guizhou's 30 % first, Beijing's exclusive 20 % refused", async () => {
    const comparison = await calculate({
      enterprise: beijingFirm,
      purchase: { ...beijingPurchase, providerRegionCode: '520100' },
    });
    expect(comparison.status).toBe(200);
    const stacked = comparison.json<{
      stacked: { order: string[]; totalSubsidyFen: string; programs: Evaluation[] };
    }>().stacked;
    // Alone: Guizhou 30 % = ¥300,000, Beijing 20 % = ¥200,000. Stacked in that order; Beijing
    // then refuses (no other subsidy on the contract): ¥300,000, never the ¥200,000 of before.
    expect(stacked.order.slice(0, 2)).toEqual(['guizhou-compute', 'beijing-compute']);
    expect(stacked.totalSubsidyFen).toBe(yuan(300_000));
    const guizhou = stacked.programs.find((item) => item.programId === 'guizhou-compute');
    expect(guizhou && entry(guizhou, 'stacking.order')?.numbers.position).toBe('1');
    // 16: the stacking step states the limit that applies: Guizhou's own 30 %.
    expect(guizhou && entry(guizhou, 'stacking.combined-rate')?.message.en).toContain(
      'combined limit 30%',
    );
  });
});

describe('14. partial lines of a Beijing contract', () => {
  it('a claim for part of the contract is told that the rest can never be claimed', async () => {
    const result = await evaluateOne({
      programId: 'beijing-compute',
      enterprise: beijingFirm,
      purchase: { ...beijingPurchase, amountFen: yuan(400_000) },
    });
    expect(result.subsidyFen).toBe(yuan(80_000));
    expect(entry(result, 'eligibility.one-claim-per-contract')?.numbers.unclaimableFen).toBe(
      yuan(600_000),
    );
  });
});

describe('15. storage is a resource kind (Langfang 实施细则: 算力服务 includes storage)', () => {
  it('a storage purchase from a Langfang platform gets 50 %; Beijing refuses it by name', async () => {
    const langfang = await evaluateOne({
      programId: 'langfang-compute',
      enterprise: { id: 'e-lf', usccRegionCode: '131002', size: 'small', foundedOn: '2020-01-01' },
      purchase: {
        ...beijingPurchase,
        kind: 'storage',
        providerRegionCode: '131000',
        contractSignedOn: '2025-03-01',
        date: '2025-04-01',
      },
    });
    expect([langfang.rateBps, langfang.subsidyFen]).toEqual([5000, yuan(500_000)]);
    const beijing = await evaluateOne({
      programId: 'beijing-compute',
      enterprise: beijingFirm,
      purchase: { ...beijingPurchase, kind: 'storage' },
    });
    expect(entry(beijing, 'eligibility.purchase-kind')?.outcome).toBe('refused');
  });
});

describe('16. the trace: region names, clauses, untried rules, result lines', () => {
  it('names regions, cites the clause of each rule, and leaves rules that did not apply unmarked', async () => {
    const result = await evaluateOne({
      programId: 'hangzhou-city-compute',
      enterprise: { id: 'e-hz', usccRegionCode: '330106', size: 'large', foundedOn: '2015-01-01' },
      purchase: {
        kind: 'compute',
        amountFen: yuan(1_000_000),
        contractId: 'hz-c-2',
        contractAmountFen: yuan(1_000_000),
        contractSignedOn: '2025-03-01',
        providerId: 'p-1',
        chipOrigin: 'domestic',
        date: '2025-04-01',
      },
    });
    const region = entry(result, 'eligibility.region');
    expect(region?.message['zh-CN']).toBe('注册地 西湖区（330106） 属于 杭州市（330100）');
    expect(region?.message.en).toBe(
      'registered in Xihu District, Hangzhou (330106), inside Hangzhou (330100)',
    );
    expect(entry(result, 'rate.domestic-compute')?.clause).toBe(
      '《杭州市加快建设人工智能创新高地的若干政策举措》一（一）实施算力券和智能券政策',
    );
    // The SME tier was tried and does not apply: a note (·), not a refusal (✗).
    expect(entry(result, 'rate.sme-domestic-compute')?.outcome).toBe('info');
    expect(result.trace.filter((item) => item.outcome === 'refused')).toEqual([]);
    expect(entry(result, 'rate.other-compute')).toBeUndefined();
  });

  it('a refused trace ends with its result line; a missing provider region reads as such in Chinese', async () => {
    const result = await evaluateOne({
      programId: 'guizhou-compute',
      enterprise: beijingFirm,
      purchase: { ...beijingPurchase, providerRegionCode: undefined },
    });
    expect(result.eligible).toBe(false);
    expect(result.trace.at(-1)?.rule).toBe('result');
    expect(result.trace.at(-1)?.outcome).toBe('refused');
    const provider = entry(result, 'eligibility.provider-region');
    expect(provider?.message['zh-CN']).toBe('未提供服务商所在地，要求位于 贵州省（520000）');
    expect(provider?.message['zh-CN']).not.toContain('unknown');
  });
});

describe('17. conditions on the purchase, not the firm', () => {
  const langfangFirm = {
    id: 'e-lf',
    usccRegionCode: '131002',
    size: 'small',
    foundedOn: '2020-01-01',
  };
  const langfangLine = {
    ...beijingPurchase,
    providerRegionCode: '131000',
    contractSignedOn: '2025-03-01',
    date: '2025-04-01',
  };

  it("Langfang's 60 % is the national project's, not every purchase of its firm (一（一）2.)", async () => {
    const project = await evaluateOne({
      programId: 'langfang-compute',
      enterprise: langfangFirm,
      purchase: { ...langfangLine, projectId: 'nat-1', projectTags: ['national-project'] },
    });
    expect(project.rateBps).toBe(6000);
    const other = await evaluateOne({
      programId: 'langfang-compute',
      enterprise: { ...langfangFirm, industries: ['national-project'] },
      purchase: { ...langfangLine, projectId: 'own-2' },
    });
    expect(other.rateBps).toBe(5000);
  });

  it('Wuhan: ¥20M per project over its contracts (单个项目最高2000万元)', async () => {
    const result = await evaluateOne({
      programId: 'wuhan-model-rnd',
      enterprise: { id: 'e-wh', usccRegionCode: '420111', size: 'large', foundedOn: '2015-01-01' },
      purchase: {
        ...beijingPurchase,
        kind: 'training',
        amountFen: yuan(50_000_000),
        contractAmountFen: yuan(50_000_000),
        contractId: 'wh-c-2',
        projectId: 'llm-1',
        providerRegionCode: '420100',
      },
      yearToDate: { 'wuhan-model-rnd': { projectSubsidyFen: yuan(15_000_000) } },
    });
    // ¥50M × 30 % = ¥15M, but the project already has ¥15M of its ¥20M: ¥5M.
    expect(result.subsidyFen).toBe(yuan(5_000_000));
    expect(entry(result, 'cap.per-project')?.outcome).toBe('applied');
  });

  it('Wuhan OPC: a catering micro-firm buying compute for its tills gets nothing (一、强化算力服务支撑)', async () => {
    const result = await evaluateOne({
      programId: 'wuhan-opc',
      enterprise: {
        id: 'e-cat',
        usccRegionCode: '420102',
        size: 'micro',
        foundedOn: '2024-06-01',
        industries: ['H6210'],
      },
      purchase: {
        ...beijingPurchase,
        amountFen: yuan(100_000),
        contractAmountFen: yuan(100_000),
        purpose: 'other',
        providerRegionCode: '420100',
        contractSignedOn: '2025-05-01',
        date: '2025-06-01',
      },
    });
    expect([result.eligible, entry(result, 'eligibility.purpose')?.outcome]).toEqual([
      false,
      'refused',
    ]);
  });
});
