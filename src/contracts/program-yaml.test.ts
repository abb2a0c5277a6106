import { describe, expect, it } from 'vitest';
import { parseProgramYaml } from './program-yaml.ts';

const valid = `id: sample-program
version: 1
name: { zh-CN: 示例, en: sample }
issuer: { zh-CN: 示例局, en: sample bureau }
regionCode: "330100"
fiscalYear: 2025
budgetYuan: "250000000"
effectiveFrom: "2025-01-01"
allocation: review
disbursement: pay-provider
eligibility:
  purchaseKinds: [compute]
rates:
  - id: all
    label: { zh-CN: 全部, en: all }
    when: { contractAmountMaxYuan: "500000.5" }
    rateBps: 3000
caps:
  perEnterpriseYearYuan: 8000000
sources: [{ title: sample }]
`;

describe('parseProgramYaml', () => {
  it('turns yuan into fen and fills the defaults', () => {
    const result = parseProgramYaml(valid);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.definition.budgetFen).toBe(25_000_000_000n);
    expect(result.definition.caps.perEnterpriseYearFen).toBe(800_000_000n);
    expect(result.definition.rates[0]?.when.contractAmountMaxFen).toBe(50_000_050n);
    expect(result.definition.eligibility).toMatchObject({
      enterpriseRegionCodes: ['330100'],
      creditRecords: ['good'],
      excludeRelatedPartyProvider: true,
      exclusiveOnContract: false,
    });
    expect(result.definition.stacking).toEqual([]);
  });

  it('reports YAML syntax errors with the parser line and column', () => {
    const result = parseProgramYaml(valid.replace('fiscalYear: 2025', 'fiscalYear: [2025'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.line).toBeGreaterThanOrEqual(6);
    expect(result.problems[0]?.column).toBeGreaterThan(0);
  });

  it('refuses duplicate keys', () => {
    const result = parseProgramYaml(valid.replace('version: 1', 'version: 1\nversion: 2'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.line).toBe(3);
  });

  it('maps every schema problem to its line and column: bad values, unknown keys, missing keys', () => {
    const text = valid
      .replace('budgetYuan: "250000000"', 'budgetYuan: "2.505"')
      .replace('    rateBps: 3000', '    rateBsp: 3000')
      .replace('allocation: review\n', '');
    const result = parseProgramYaml(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      {
        path: 'budgetYuan',
        message: expect.stringContaining('at most two decimals') as string,
        line: 7,
        column: 13,
      },
      {
        path: 'allocation',
        message: expect.stringContaining('required field is missing') as string,
        line: 1,
        column: 1,
      },
      {
        path: 'rates.0.rateBps',
        message: expect.stringContaining('required field is missing') as string,
        line: 13,
        column: 5,
      },
      { path: 'rates.0', message: 'Unrecognized key: "rateBsp"', line: 16, column: 5 },
    ]);
  });

  it('checks dates, ranges and cross-field rules', () => {
    const result = parseProgramYaml(
      valid
        .replace(
          'effectiveFrom: "2025-01-01"',
          'effectiveFrom: "2025-02-30"\neffectiveTo: "2024-12-31"',
        )
        .replace('rateBps: 3000', 'rateBps: 10001'),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.path)).toEqual([
      'effectiveFrom',
      'rates.0.rateBps',
      'effectiveTo',
    ]);
  });
});

describe('files published before issue 12 (stored versions are parsed again from their text)', () => {
  // The Hangzhou file as first published: no rule order, a source pointing at research notes.
  const stored = `id: hangzhou-city-compute
version: 1
name: { zh-CN: 杭州市算力券（2025年）, en: Hangzhou city compute vouchers (2025) }
issuer: { zh-CN: 杭州市经济和信息化局, en: Hangzhou Municipal Bureau of Economy and Information Technology }
regionCode: '330100'
fiscalYear: 2025
budgetYuan: '250000000'
effectiveFrom: '2025-01-01'
effectiveTo: '2025-12-31'
allocation: review
disbursement: reimburse-enterprise
eligibility:
  purchaseKinds: [compute, model]
  contractSignedFrom: '2023-09-01'
rates:
  - id: sme-small-contract
    label: { zh-CN: 中小企业, en: SME }
    when: { sizes: [micro, small, medium], contractAmountMaxYuan: '500000' }
    rateBps: 5000
  - id: other-compute
    label: { zh-CN: 其他, en: other }
    when: { kinds: [compute] }
    rateBps: 2000
sources:
  - title: 杭州市建设人工智能产业发展高地实施方案（2025年版）（征求意见稿）
    seed: '000'
    publishedOn: '2025-04-18'
`;

  it('still parse: rules keep the order they are listed in, the old seed field is dropped', () => {
    const result = parseProgramYaml(stored);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.definition.rates.map((rule) => [rule.id, rule.order])).toEqual([
      ['sme-small-contract', 1],
      ['other-compute', 2],
    ]);
    expect(result.definition.sources).toEqual([
      {
        title: '杭州市建设人工智能产业发展高地实施方案（2025年版）（征求意见稿）',
        publishedOn: '2025-04-18',
      },
    ]);
    expect([result.definition.waitingList, result.definition.clauses]).toEqual([false, {}]);
    expect(result.definition.eligibility.contractSignedFrom).toBe('2023-09-01');
  });

  it('two rules with the same order are an error: say which is tried first', () => {
    const twice = stored
      .replace('    rateBps: 5000\n', '    rateBps: 5000\n    order: 1\n')
      .replace('    rateBps: 2000\n', '    rateBps: 2000\n    order: 1\n');
    const result = parseProgramYaml(twice);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problems.map((problem) => problem.path)).toEqual(['rates.1.order']);
  });
});
