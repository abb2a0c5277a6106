import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../shared/errors.ts';
import {
  MAX_PENALTY_MULTIPLE_BPS,
  claimOutstandingFen,
  claimReservation,
  clawbackAmounts,
  grantAmount,
  redemptionAmount,
  unusedOnClose,
} from './money-rules.ts';

const fen = (max = 10n ** 12n) => fc.bigInt({ min: 0n, max });

describe('grant amounts', () => {
  it('never exceed the budget remaining: a sequence of grants stays within the budget', () => {
    fc.assert(
      fc.property(
        fen(),
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 10n }), { maxLength: 50 }),
        (budgetFen, requests) => {
          let remainingFen = budgetFen;
          let grantedFen = 0n;
          for (const requestedFen of requests) {
            try {
              const amount = grantAmount(requestedFen, remainingFen);
              expect(amount).toBe(requestedFen);
              remainingFen -= amount;
              grantedFen += amount;
            } catch (error) {
              expect((error as DomainError).code).toBe('BUDGET_EXHAUSTED');
              expect(requestedFen).toBeGreaterThan(remainingFen);
            }
          }
          expect(grantedFen).toBeLessThanOrEqual(budgetFen);
          expect(remainingFen).toBe(budgetFen - grantedFen);
        },
      ),
    );
  });

  it('refuses zero and negative amounts', () => {
    expect(() => grantAmount(0n, 100n)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }) as Error,
    );
    expect(() => grantAmount(-1n, 100n)).toThrow(DomainError);
  });
});

describe('claim and redemption amounts', () => {
  it('reserve at most the policy subsidy and at most the grant available', () => {
    fc.assert(
      fc.property(fen(), fen(), (subsidyFen, availableFen) => {
        const reserved = claimReservation(subsidyFen, availableFen);
        expect(reserved).toBeGreaterThanOrEqual(0n);
        expect(reserved).toBeLessThanOrEqual(subsidyFen);
        expect(reserved).toBeLessThanOrEqual(availableFen);
        // It is the largest such amount: no subsidy is left on the table.
        expect(reserved === subsidyFen || reserved === availableFen).toBe(true);
      }),
    );
  });

  it('redeem never more than reserved (hence the grant) nor the final policy subsidy', () => {
    fc.assert(
      fc.property(fen(), fen(), fen(), (grantFen, subsidyAtClaimFen, finalSubsidyFen) => {
        const reservedFen = claimReservation(subsidyAtClaimFen, grantFen);
        const redeemedFen = redemptionAmount(reservedFen, finalSubsidyFen);
        expect(redeemedFen).toBeLessThanOrEqual(reservedFen);
        expect(redeemedFen).toBeLessThanOrEqual(grantFen);
        expect(redeemedFen).toBeLessThanOrEqual(finalSubsidyFen);
        expect(redeemedFen).toBeGreaterThanOrEqual(0n);
        // What the partial post releases back to the grant is exactly the difference.
        expect(reservedFen - redeemedFen).toBeGreaterThanOrEqual(0n);
      }),
    );
  });
});

describe('clawback × multiple', () => {
  it('owes amount + floor(amount × multiple), never more than the amount × (1 + multiple)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: MAX_PENALTY_MULTIPLE_BPS }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (paidFen, multipleBps, partFen) => {
          const amountFen = partFen > paidFen ? paidFen : partFen;
          const result = clawbackAmounts(paidFen, amountFen, multipleBps, true);
          expect(result.reversalFen).toBe(amountFen);
          expect(result.penaltyFen).toBe((amountFen * BigInt(multipleBps)) / 10_000n);
          expect(result.owedFen).toBe(result.reversalFen + result.penaltyFen);
          expect(result.remainingFen).toBe(paidFen - amountFen);
          // Rounded down: the penalty times 10 000 never passes the exact product.
          expect(result.penaltyFen * 10_000n).toBeLessThanOrEqual(amountFen * BigInt(multipleBps));
          expect((result.penaltyFen + 1n) * 10_000n).toBeGreaterThan(
            amountFen * BigInt(multipleBps),
          );
        },
      ),
    );
  });

  it('works a concrete case: ¥12,345.67 clawed back at 2× owes ¥37,037.01', () => {
    // 1 234 567 fen × 20 000 / 10 000 = 2 469 134 fen penalty; owed 3 703 701 fen.
    expect(clawbackAmounts(1_234_567n, 1_234_567n, 20_000, true)).toEqual({
      reversalFen: 1_234_567n,
      penaltyFen: 2_469_134n,
      owedFen: 3_703_701n,
      remainingFen: 0n,
    });
  });

  it('before payout the amount only leaves the payable: the recipient owes the penalty alone', () => {
    // 1 fen of ¥60,000 redeemed: ¥59,999.99 stays payable; 1× penalty of 1 fen is owed.
    expect(clawbackAmounts(6_000_000n, 1n, 10_000, false)).toEqual({
      reversalFen: 1n,
      penaltyFen: 1n,
      owedFen: 1n,
      remainingFen: 5_999_999n,
    });
  });

  it('outstanding is what was redeemed less every clawback so far', () => {
    expect(claimOutstandingFen({ redeemedFen: 6_000_000n, clawedBackFen: 1n })).toBe(5_999_999n);
  });

  it('refuses more than the claim holds, nothing, a negative multiple and one above 5×', () => {
    expect(() => clawbackAmounts(100n, 101n, 0, true)).toThrow(DomainError);
    expect(() => clawbackAmounts(100n, 0n, 0, false)).toThrow(DomainError);
    expect(() => clawbackAmounts(0n, 1n, 0, false)).toThrow(DomainError);
    expect(() => clawbackAmounts(100n, 100n, -1, true)).toThrow(DomainError);
    expect(() => clawbackAmounts(100n, 100n, MAX_PENALTY_MULTIPLE_BPS + 1, true)).toThrow(
      DomainError,
    );
    expect(() => clawbackAmounts(100n, 100n, 1.5, true)).toThrow(DomainError);
  });
});

describe('expiry', () => {
  it('returns exactly the unused amount: grant = redeemed + in flight + returned', () => {
    fc.assert(
      fc.property(
        fen(),
        fc.array(fc.tuple(fen(10n ** 9n), fen(10n ** 9n)), { maxLength: 20 }),
        (grantFen, claims) => {
          // Each claim reserves what the grant still has (capped), redeems part of it.
          let availableFen = grantFen;
          let redeemedFen = 0n;
          let inFlightFen = 0n;
          claims.forEach(([subsidyFen, finalFen], index) => {
            const reservedFen = claimReservation(subsidyFen, availableFen);
            availableFen -= reservedFen;
            if (index % 2 === 0) {
              const postedFen = redemptionAmount(reservedFen, finalFen);
              redeemedFen += postedFen;
              availableFen += reservedFen - postedFen; // the partial post releases the rest
            } else {
              inFlightFen += reservedFen;
            }
          });
          const returnedFen = unusedOnClose(availableFen);
          expect(returnedFen).toBe(availableFen);
          expect(redeemedFen + inFlightFen + returnedFen).toBe(grantFen);
        },
      ),
    );
  });
});
