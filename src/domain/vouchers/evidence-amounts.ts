import { DomainError } from '../shared/errors.ts';

/**
 * The amounts a claim's invoices and payment proofs add up to. Every proof is kept and the
 * totals are their sums: a second payment of a contract paid in instalments adds to the first
 * (it used to replace it). The totals are bounded, so a proof that would pass a bound is refused
 * whole (EVIDENCE_AMOUNT_EXCEEDED) and nothing is recorded:
 * - invoiced total ≤ contract amount (one cannot be invoiced more than the contract is worth);
 * - paid total ≤ contract amount, and ≤ invoiced total once the claim has invoices (a payment
 *   is for what was invoiced; a prepayment before any invoice is bounded by the contract).
 * Redemption uses the smaller of the two totals.
 */
export interface EvidenceTotals {
  contractFen: bigint;
  /** Sum of the claim's invoices; null before the first. */
  invoicedFen: bigint | null;
  /** Sum of the claim's payment proofs; null before the first. */
  paidFen: bigint | null;
}

export type EvidenceBound = 'contract' | 'invoiced';

function refuse(
  kind: 'invoice' | 'payment',
  bound: EvidenceBound,
  limitFen: bigint,
  recordedFen: bigint,
): never {
  throw new DomainError(
    'EVIDENCE_AMOUNT_EXCEEDED',
    `amountFen: this ${kind} would bring the claim's ${kind === 'invoice' ? 'invoiced' : 'paid'} total above its ${bound === 'contract' ? 'contract amount' : 'invoiced total'}`,
    {
      field: 'amountFen',
      bound,
      limitFen: limitFen.toString(),
      recordedFen: recordedFen.toString(),
      remainingFen: (limitFen - recordedFen).toString(),
    },
  );
}

/** The totals after one more payment proof of `amountFen`, or EVIDENCE_AMOUNT_EXCEEDED. */
export function addPayment(totals: EvidenceTotals, amountFen: bigint): EvidenceTotals {
  if (amountFen <= 0n) {
    throw new DomainError('VALIDATION_FAILED', 'amountFen: positive', { field: 'amountFen' });
  }
  const recordedFen = totals.paidFen ?? 0n;
  const paidFen = recordedFen + amountFen;
  if (paidFen > totals.contractFen) refuse('payment', 'contract', totals.contractFen, recordedFen);
  if (totals.invoicedFen !== null && paidFen > totals.invoicedFen) {
    refuse('payment', 'invoiced', totals.invoicedFen, recordedFen);
  }
  return { ...totals, paidFen };
}

/** The totals after one more invoice of `amountFen`, or EVIDENCE_AMOUNT_EXCEEDED. */
export function addInvoice(totals: EvidenceTotals, amountFen: bigint): EvidenceTotals {
  if (amountFen <= 0n) {
    throw new DomainError('VALIDATION_FAILED', 'amountFen: positive', { field: 'amountFen' });
  }
  const recordedFen = totals.invoicedFen ?? 0n;
  const invoicedFen = recordedFen + amountFen;
  if (invoicedFen > totals.contractFen) {
    refuse('invoice', 'contract', totals.contractFen, recordedFen);
  }
  return { ...totals, invoicedFen };
}
