import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeaseBudget } from './lease-budget.ts';
import {
  callCostMicroFen,
  clipToWorstCase,
  MICRO_FEN_PER_FEN,
  microFenToYuanText,
  worstCaseMicroFen,
  type ModelPrices,
} from './pricing.ts';
import { splitCost } from './split.ts';
import { addToTab, emptyTab, WALLET_ROUNDING_MARGIN_FEN } from './whole-fen.ts';

const prices = fc.record({
  inputFenPerMillion: fc.bigInt({ min: 0n, max: 100_000n }),
  outputFenPerMillion: fc.bigInt({ min: 0n, max: 100_000n }),
  cachedInputFenPerMillion: fc.option(fc.bigInt({ min: 0n, max: 100_000n }), { nil: undefined }),
}) as fc.Arbitrary<ModelPrices>;
const rateBps = fc.integer({ min: 0, max: 10_000 });
const tokens = fc.integer({ min: 0, max: 200_000 });
const call = fc.record({
  input: tokens,
  output: tokens,
  cachedShare: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('pricing', () => {
  it('is exact: the cost in µfen is tokens × fen per million, the worst case bounds every usage within it', () => {
    fc.assert(
      fc.property(prices, call, call, (price, worst, used) => {
        const worstCase = { inputTokens: worst.input, outputTokens: worst.output };
        const cached = Math.floor(used.input * used.cachedShare);
        const usage = clipToWorstCase(
          { inputTokens: used.input, outputTokens: used.output, cachedInputTokens: cached },
          worstCase,
        );
        const cost = callCostMicroFen(price, usage);
        expect(cost).toBeGreaterThanOrEqual(0n);
        expect(cost).toBeLessThanOrEqual(worstCaseMicroFen(price, worstCase));
        const uncached = callCostMicroFen(price, { ...usage, cachedInputTokens: 0 });
        expect(uncached).toBe(
          BigInt(usage.inputTokens) * price.inputFenPerMillion +
            BigInt(usage.outputTokens) * price.outputFenPerMillion,
        );
      }),
    );
  });

  it('writes µfen as yuan with eight decimals', () => {
    expect(microFenToYuanText(840_000n)).toBe('0.00840000');
    expect(microFenToYuanText(123_456_789_012n)).toBe('1234.56789012');
  });
});

describe('the voucher split', () => {
  it('never exceeds the rate, the allowance or the cost; voucher + wallet = cost', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        rateBps,
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        (cost, rate, allowance) => {
          const split = splitCost({
            costMicroFen: cost,
            rateBps: rate,
            voucherAllowanceMicroFen: allowance,
          });
          expect(split.voucherMicroFen * 10_000n).toBeLessThanOrEqual(cost * BigInt(rate));
          expect(split.voucherMicroFen).toBeLessThanOrEqual(allowance);
          expect(split.voucherMicroFen + split.walletMicroFen).toBe(cost);
          expect(split.walletMicroFen).toBeGreaterThanOrEqual(0n);
          // Rounded down by less than one µfen, unless the allowance cut it.
          if (split.voucherMicroFen < allowance) {
            expect(cost * BigInt(rate) - split.voucherMicroFen * 10_000n).toBeLessThan(10_000n);
          }
        },
      ),
    );
  });
});

describe('whole fen over many calls', () => {
  it('bills Σ total rounded up, the voucher at most its exact share and less than 2 fen under it, never a negative side', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ cost: fc.bigInt({ min: 0n, max: 5_000_000n }), rate: rateBps }), {
          minLength: 1000,
          maxLength: 3000,
        }),
        (calls) => {
          let tab = emptyTab;
          let totalFen = 0n;
          let voucherFen = 0n;
          let walletFen = 0n;
          let exactTotal = 0n;
          let exactVoucher = 0n;
          for (const { cost, rate } of calls) {
            const split = splitCost({
              costMicroFen: cost,
              rateBps: rate,
              voucherAllowanceMicroFen: cost,
            });
            const added = addToTab(tab, split);
            tab = added.tab;
            expect(added.billed.voucherFen).toBeGreaterThanOrEqual(0n);
            expect(added.billed.walletFen).toBeGreaterThanOrEqual(0n);
            totalFen += added.billed.totalFen;
            voucherFen += added.billed.voucherFen;
            walletFen += added.billed.walletFen;
            exactTotal += split.totalMicroFen;
            exactVoucher += split.voucherMicroFen;
            // The bounds hold after every call, not only at the end.
            expect(totalFen * MICRO_FEN_PER_FEN - exactTotal).toBeGreaterThanOrEqual(0n);
            expect(totalFen * MICRO_FEN_PER_FEN - exactTotal).toBeLessThan(MICRO_FEN_PER_FEN);
            expect(exactVoucher - voucherFen * MICRO_FEN_PER_FEN).toBeGreaterThanOrEqual(0n);
            expect(exactVoucher - voucherFen * MICRO_FEN_PER_FEN).toBeLessThan(
              2n * MICRO_FEN_PER_FEN,
            );
          }
          expect(voucherFen + walletFen).toBe(totalFen);
          expect(totalFen).toBe(tab.billedTotalFen);
          const exactWallet = exactTotal - exactVoucher;
          expect(walletFen * MICRO_FEN_PER_FEN - exactWallet).toBeLessThan(
            WALLET_ROUNDING_MARGIN_FEN * MICRO_FEN_PER_FEN,
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('makes no call free: a tab with any cost bills at least one fen', () => {
    const added = addToTab(
      emptyTab,
      splitCost({ costMicroFen: 1n, rateBps: 10_000, voucherAllowanceMicroFen: 1n }),
    );
    expect(added.billed).toEqual({ totalFen: 1n, voucherFen: 0n, walletFen: 1n });
  });
});

describe('the lease budget', () => {
  const step = fc.oneof(
    fc.record({
      kind: fc.constant('hold' as const),
      worst: fc.bigInt({ min: 0n, max: 3_000_000n }),
      rate: rateBps,
    }),
    fc.record({
      kind: fc.constant('settle' as const),
      pick: fc.nat(),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
    fc.record({
      kind: fc.constant('grow' as const),
      voucherFen: fc.bigInt({ min: 0n, max: 5n }),
      walletFen: fc.bigInt({ min: 0n, max: 5n }),
    }),
  );

  it('gives a call held on the wallet alone its voucher share at settle, from what others left free', () => {
    const budget = new LeaseBudget();
    budget.grow({ voucherFen: 1n, walletFen: 100n });
    // A 10 fen worst case at 30 % holds the whole 1 fen of voucher; the next call holds none.
    const first = budget.hold(10_000_000n, 3_000);
    const second = budget.hold(1_000_000n, 3_000);
    if (!('hold' in first) || !('hold' in second)) throw new Error('both calls fit the lease');
    expect(second.hold.voucherMicroFen).toBe(0n);
    budget.settle(first.hold, 100_000n);
    const settled = budget.settle(second.hold, 1_000_000n);
    expect(settled.split).toEqual({
      totalMicroFen: 1_000_000n,
      voucherMicroFen: 300_000n,
      walletMicroFen: 700_000n,
    });
  });

  it('never bills more than it leased, whatever calls hold, settle and release', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 30n }),
        fc.bigInt({ min: 0n, max: 30n }),
        fc.array(step, { minLength: 50, maxLength: 400, size: 'max' }),
        (voucherFen, walletFen, steps) => {
          const budget = new LeaseBudget();
          budget.grow({ voucherFen, walletFen });
          const open: { hold: ReturnType<LeaseBudget['hold']>; worst: bigint }[] = [];
          let billedTotal = 0n;
          for (const action of steps) {
            if (action.kind === 'hold') {
              const result = budget.hold(action.worst, action.rate);
              if ('hold' in result) open.push({ hold: result, worst: action.worst });
              else expect(result.missing.walletMicroFen).toBeGreaterThan(0n);
            } else if (action.kind === 'grow') {
              budget.grow(action);
            } else if (open.length > 0) {
              const [entry] = open.splice(action.pick % open.length, 1);
              if (!entry || !('hold' in entry.hold)) continue;
              if (action.kind === 'release') budget.release(entry.hold.hold);
              else {
                const cost = BigInt(Math.floor(Number(entry.worst) * action.share));
                const { hold } = entry.hold;
                const voucherFree = budget.voucherFreeMicroFen() + hold.voucherMicroFen;
                const settled = budget.settle(hold, cost);
                // The rate's share, within all the voucher free at settle (its own hold included).
                const byRate = (cost * BigInt(hold.rateBps)) / 10_000n;
                expect(settled.split.voucherMicroFen).toBe(
                  byRate < voucherFree ? byRate : voucherFree,
                );
                expect(settled.split.walletMicroFen).toBeLessThanOrEqual(hold.walletMicroFen);
                billedTotal += settled.billed.totalFen;
              }
            }
            const billed = budget.billedFen;
            const leased = budget.leasedFen;
            expect(billed.voucherFen).toBeLessThanOrEqual(leased.voucherFen);
            expect(billed.walletFen).toBeLessThanOrEqual(leased.walletFen);
          }
          // Settle everything still open at its worst: it must still fit.
          for (const entry of open) {
            if ('hold' in entry.hold)
              billedTotal += budget.settle(entry.hold.hold, entry.worst).billed.totalFen;
          }
          const billed = budget.billedFen;
          expect(billed.voucherFen).toBeLessThanOrEqual(budget.leasedFen.voucherFen);
          expect(billed.walletFen).toBeLessThanOrEqual(budget.leasedFen.walletFen);
          expect(billed.voucherFen + billed.walletFen).toBe(billedTotal);
        },
      ),
      { numRuns: 300 },
    );
  });
});
