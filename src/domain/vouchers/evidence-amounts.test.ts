import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors.ts';
import { addInvoice, addPayment, type EvidenceTotals } from './evidence-amounts.ts';

type Proof = { kind: 'invoice' | 'payment'; amountFen: bigint };

const proof: fc.Arbitrary<Proof> = fc.record({
  kind: fc.constantFrom('invoice' as const, 'payment' as const),
  amountFen: fc.bigInt({ min: 1n, max: 3_000_000n }),
});

describe('evidence amounts', () => {
  it('adds a second payment to the first (the issue’s ¥1,200,000 + ¥800,000)', () => {
    const start: EvidenceTotals = {
      contractFen: 200_000_000n,
      invoicedFen: 200_000_000n,
      paidFen: null,
    };
    const after = addPayment(addPayment(start, 120_000_000n), 80_000_000n);
    expect(after.paidFen).toBe(200_000_000n);
    expect(() => addPayment(after, 1n)).toThrow(DomainError);
  });

  it('on any sequence of proofs: totals are the sums of the accepted ones, within their bounds, and a refused one would pass a bound', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 5_000_000n }),
        fc.array(proof, { maxLength: 12 }),
        (contractFen, proofs) => {
          let totals: EvidenceTotals = { contractFen, invoicedFen: null, paidFen: null };
          let invoiced = 0n;
          let paid = 0n;
          for (const { kind, amountFen } of proofs) {
            const before = totals;
            try {
              totals =
                kind === 'invoice' ? addInvoice(totals, amountFen) : addPayment(totals, amountFen);
              if (kind === 'invoice') invoiced += amountFen;
              else paid += amountFen;
            } catch (error) {
              expect((error as DomainError).code).toBe('EVIDENCE_AMOUNT_EXCEEDED');
              const limit =
                kind === 'invoice' || before.invoicedFen === null
                  ? contractFen
                  : before.invoicedFen < contractFen
                    ? before.invoicedFen
                    : contractFen;
              const recorded = (kind === 'invoice' ? before.invoicedFen : before.paidFen) ?? 0n;
              expect(recorded + amountFen).toBeGreaterThan(limit);
              expect(totals).toBe(before);
            }
            expect(totals.invoicedFen ?? 0n).toBe(invoiced);
            expect(totals.paidFen ?? 0n).toBe(paid);
            expect(invoiced).toBeLessThanOrEqual(contractFen);
            expect(paid).toBeLessThanOrEqual(contractFen);
          }
        },
      ),
    );
  });

  it('refuses a payment past the invoiced total and says what remains', () => {
    const totals: EvidenceTotals = { contractFen: 1_000n, invoicedFen: 600n, paidFen: 500n };
    try {
      addPayment(totals, 101n);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: 'EVIDENCE_AMOUNT_EXCEEDED',
        details: { bound: 'invoiced', limitFen: '600', recordedFen: '500', remainingFen: '100' },
      });
    }
    expect(addPayment(totals, 100n).paidFen).toBe(600n);
  });
});
