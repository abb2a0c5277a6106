import type { ClaimState } from './claim.ts';
import type { ReconciliationFinding } from './reconciliation.ts';

/**
 * A claim keeps its invoiced and paid totals as running sums (`invoice_amount_fen`,
 * `paid_amount_fen`) beside the invoice and payment rows they sum, because redemption reads
 * them under the claim's lock. Both are written in the same transaction, so they agree; this
 * check is the proof that they still do (a hand edit, a restore of one table, a future code
 * path that forgets one of the two). A claim with no rows has null sums.
 */
export interface ClaimEvidenceSums {
  id: string;
  programId: string;
  state: ClaimState;
  invoiceAmountFen: bigint | null;
  paidAmountFen: bigint | null;
}

/** What the claim's invoice and payment rows add up to (every row, live or not). */
export interface ClaimEvidenceRows {
  invoicedFen: bigint;
  paidFen: bigint;
}

export function reconcileClaimEvidenceSums(
  claim: ClaimEvidenceSums,
  rows: ClaimEvidenceRows,
): ReconciliationFinding[] {
  const checks = [
    ['invoices', claim.invoiceAmountFen ?? 0n, rows.invoicedFen, 'invoiced'],
    ['payments', claim.paidAmountFen ?? 0n, rows.paidFen, 'paid'],
  ] as const;
  const findings: ReconciliationFinding[] = [];
  for (const [account, recordedFen, rowsFen, verb] of checks) {
    if (recordedFen === rowsFen) continue;
    findings.push({
      entity: 'claim',
      id: claim.id,
      programId: claim.programId,
      state: claim.state,
      account,
      expectedFen: rowsFen,
      actualFen: recordedFen,
      message: `claim ${claim.id} (${claim.state}) records ${recordedFen} fen ${verb}, its ${account} add up to ${rowsFen} fen`,
    });
  }
  return findings;
}
