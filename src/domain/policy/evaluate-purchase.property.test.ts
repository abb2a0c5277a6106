import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRateBps } from '../shared/money.ts';
import { evaluateProgram, evaluatePurchase, type ProgramEvaluation } from './evaluate-purchase.ts';
import type { EnterpriseProfile, PurchaseLine, YearToDate } from './inputs.ts';
import {
  chipOrigins,
  enterpriseSizes,
  purchaseKinds,
  type ProgramDefinition,
  type PurchaseCondition,
} from './program.ts';

const regions = ['330000', '330100', '330106', '110000'] as const;
const fen = (max: bigint) => fc.bigInt({ min: 0n, max });
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const label = { 'zh-CN': '规则', en: 'rule' };

const conditionArbitrary: fc.Arbitrary<PurchaseCondition> = fc
  .record({
    kinds: optional(fc.subarray([...purchaseKinds], { minLength: 1 })),
    chipOrigins: optional(fc.subarray([...chipOrigins], { minLength: 1 })),
    filedModel: optional(fc.boolean()),
    sizes: optional(fc.subarray([...enterpriseSizes], { minLength: 1 })),
    contractAmountMaxFen: optional(fen(200_000_000n)),
    enterpriseAgeMaxMonths: optional(fc.integer({ min: 0, max: 120 })),
  })
  .map((record) =>
    Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)),
  );

function programArbitrary(id: string): fc.Arbitrary<ProgramDefinition> {
  return fc
    .record({
      regionCode: fc.constantFrom(...regions),
      budgetFen: optional(fen(1_000_000_000n)),
      disbursement: fc.constantFrom('reimburse-enterprise' as const, 'pay-provider' as const),
      rates: fc.array(
        fc.record({ when: conditionArbitrary, rateBps: fc.integer({ min: 0, max: 10_000 }) }),
        { minLength: 1, maxLength: 4 },
      ),
      caps: fc.record({
        perClaimFen: optional(fen(50_000_000n)),
        perContractFen: optional(fen(50_000_000n)),
        perEnterpriseYearFen: optional(fen(100_000_000n)),
        perProgramYearFen: optional(fen(500_000_000n)),
      }),
      stacking: fc.array(
        fc.record({
          when: conditionArbitrary,
          combinedRateBps: fc.integer({ min: 0, max: 10_000 }),
        }),
        { maxLength: 2 },
      ),
    })
    .map((drawn) => ({
      id,
      version: 1,
      name: label,
      issuer: label,
      regionCode: drawn.regionCode,
      fiscalYear: 2025,
      ...(drawn.budgetFen === undefined ? {} : { budgetFen: drawn.budgetFen }),
      effectiveFrom: '2025-01-01',
      effectiveTo: '2025-12-31',
      allocation: 'automatic' as const,
      disbursement: drawn.disbursement,
      eligibility: {
        enterpriseRegionCodes: [drawn.regionCode],
        creditRecords: ['good' as const],
        purchaseKinds: [...purchaseKinds],
        excludeRelatedPartyProvider: true,
        exclusiveOnContract: false,
        oneClaimPerContract: false,
      },
      rates: drawn.rates.map((rate, index) => ({
        id: `r${index}`,
        label,
        order: index + 1,
        ...rate,
      })),
      caps: Object.fromEntries(
        Object.entries(drawn.caps).filter(([, value]) => value !== undefined),
      ),
      stacking: drawn.stacking.map((rule, index) => ({ id: `s${index}`, label, ...rule })),
      waitingList: false,
      clauses: {},
      sources: [{ title: 'generated' }],
      notes: [],
    }));
}

const enterpriseArbitrary: fc.Arbitrary<EnterpriseProfile> = fc.record({
  id: fc.constant('e-1'),
  usccRegionCode: fc.constantFrom('330106', '330102', '110105'),
  size: fc.constantFrom(...enterpriseSizes),
  foundedOn: fc.constantFrom('2015-06-01', '2022-03-15', '2024-11-30'),
  industries: fc.constant([]),
  creditRecord: fc.constant('good' as const),
  relatedPartyIds: fc.constant([]),
});

const purchaseArbitrary: fc.Arbitrary<PurchaseLine> = fc
  .record({
    kind: fc.constantFrom(...purchaseKinds),
    amountFen: fc.bigInt({ min: 1n, max: 200_000_000n }),
    extraContractFen: fen(200_000_000n),
    chipOrigin: optional(fc.constantFrom(...chipOrigins)),
    filedModel: optional(fc.boolean()),
  })
  .map(({ extraContractFen, chipOrigin, filedModel, ...line }) => ({
    ...line,
    contractId: 'c-1',
    contractAmountFen: line.amountFen + extraContractFen,
    contractSignedOn: '2025-02-01',
    providerId: 'p-1',
    date: '2025-06-01',
    ...(chipOrigin === undefined ? {} : { chipOrigin }),
    ...(filedModel === undefined ? {} : { filedModel }),
  }));

const yearToDateArbitrary: fc.Arbitrary<YearToDate> = fc.record({
  enterpriseYearSubsidyFen: fen(100_000_000n),
  programYearCommittedFen: fen(1_000_000_000n),
  contractSubsidyFen: fen(20_000_000n),
});

const remaining = (limitFen: bigint, usedFen: bigint) =>
  limitFen > usedFen ? limitFen - usedFen : 0n;

describe('evaluator properties', () => {
  it('never negative, never above the purchase, any cap or the remaining budget', () => {
    fc.assert(
      fc.property(
        programArbitrary('p'),
        enterpriseArbitrary,
        purchaseArbitrary,
        yearToDateArbitrary,
        (program, enterprise, purchase, yearToDate) => {
          const { subsidyFen } = evaluateProgram({ program, enterprise, purchase, yearToDate });
          expect(subsidyFen >= 0n).toBe(true);
          expect(subsidyFen <= purchase.amountFen).toBe(true);
          const { caps } = program;
          if (caps.perClaimFen !== undefined) expect(subsidyFen <= caps.perClaimFen).toBe(true);
          if (caps.perContractFen !== undefined)
            expect(
              subsidyFen <= remaining(caps.perContractFen, yearToDate.contractSubsidyFen),
            ).toBe(true);
          if (caps.perEnterpriseYearFen !== undefined)
            expect(
              subsidyFen <=
                remaining(caps.perEnterpriseYearFen, yearToDate.enterpriseYearSubsidyFen),
            ).toBe(true);
          if (caps.perProgramYearFen !== undefined)
            expect(
              subsidyFen <= remaining(caps.perProgramYearFen, yearToDate.programYearCommittedFen),
            ).toBe(true);
          if (program.budgetFen !== undefined)
            expect(
              subsidyFen <= remaining(program.budgetFen, yearToDate.programYearCommittedFen),
            ).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('stacking never exceeds the combined rate of any program granted, nor the purchase', () => {
    fc.assert(
      fc.property(
        fc.tuple(programArbitrary('a'), programArbitrary('b'), programArbitrary('c')),
        enterpriseArbitrary,
        // Contracts as large as the line half the time, so the combined ceilings bind.
        fc
          .tuple(purchaseArbitrary, fc.boolean())
          .map(([line, wholeContract]) =>
            wholeContract ? { ...line, contractAmountFen: line.amountFen } : line,
          ),
        fen(10_000_000n),
        (programs, enterprise, purchase, externalFen) => {
          const otherSubsidies = [{ programId: 'outside', subsidyFen: externalFen }];
          const result = evaluatePurchase({ programs, enterprise, purchase, otherSubsidies });
          expect(result.totalSubsidyFen <= purchase.amountFen).toBe(true);
          let onContractFen = externalFen;
          const granted: ProgramEvaluation[] = [];
          for (const item of result.programs) {
            onContractFen += item.subsidyFen;
            if (item.subsidyFen === 0n) continue;
            granted.push(item);
            for (const earlier of granted) {
              expect(
                onContractFen <= applyRateBps(purchase.contractAmountFen, earlier.combinedRateBps),
              ).toBe(true);
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(
        fc.tuple(programArbitrary('a'), programArbitrary('b')),
        enterpriseArbitrary,
        purchaseArbitrary,
        (programs, enterprise, purchase) => {
          expect(evaluatePurchase({ programs, enterprise, purchase })).toEqual(
            evaluatePurchase({ programs, enterprise, purchase }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('raising the purchase never lowers the subsidy unless a cap or threshold in the trace says why', () => {
    fc.assert(
      fc.property(
        programArbitrary('p'),
        enterpriseArbitrary,
        purchaseArbitrary,
        fc.bigInt({ min: 1n, max: 100_000_000n }),
        yearToDateArbitrary,
        (program, enterprise, purchase, raiseFen, yearToDate) => {
          const lower = evaluateProgram({ program, enterprise, purchase, yearToDate });
          // The contract grows with the line: contract-size thresholds may now refuse a rate.
          const higherLine = {
            ...purchase,
            amountFen: purchase.amountFen + raiseFen,
            contractAmountFen: purchase.contractAmountFen + raiseFen,
          };
          const higher = evaluateProgram({ program, enterprise, purchase: higherLine, yearToDate });
          if (higher.subsidyFen >= lower.subsidyFen) return;
          const explained = higher.trace.some(
            (item) =>
              (item.outcome === 'refused' && item.numbers.thresholdFen !== undefined) ||
              (item.outcome === 'applied' &&
                (item.rule.startsWith('cap.') || item.rule.startsWith('stacking.'))),
          );
          expect(explained).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('with the contract fixed, a larger line never gets less', () => {
    fc.assert(
      fc.property(
        programArbitrary('p'),
        enterpriseArbitrary,
        purchaseArbitrary,
        yearToDateArbitrary,
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        (program, enterprise, purchase, yearToDate, stepFen) => {
          const fixedContract = {
            ...purchase,
            contractAmountFen: purchase.contractAmountFen + stepFen,
          };
          const lower = evaluateProgram({
            program,
            enterprise,
            purchase: fixedContract,
            yearToDate,
          });
          const higher = evaluateProgram({
            program,
            enterprise,
            purchase: { ...fixedContract, amountFen: purchase.amountFen + stepFen },
            yearToDate,
          });
          expect(higher.subsidyFen >= lower.subsidyFen).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
