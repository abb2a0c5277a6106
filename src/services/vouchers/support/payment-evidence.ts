import { v7 as uuidv7 } from 'uuid';
import type { Sql } from '../../../db/client.ts';
import { assert } from '../../../domain/shared/assert.ts';
import {
  addInvoice,
  addPayment,
  type EvidenceTotals,
} from '../../../domain/vouchers/evidence-amounts.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import type { AttachmentKind } from '../../../domain/vouchers/evidence.ts';
import {
  invoiceIdentity,
  type InvoiceIdentity,
} from '../../../domain/vouchers/invoice-identity.ts';
import { recordInvoice } from './invoice-identity.ts';
import { CLAIM_COLUMNS, toClaim, type Claim } from './rows.ts';

/** A payment proof of a claim, as its readers see it. */
export interface ClaimPayment {
  attachmentId: string | null;
  amountFen: bigint;
  createdAt: Date;
}

/** What an invoice or payment upload says besides its file. */
export type EvidenceAmount =
  | { kind: 'invoice'; invoice: InvoiceIdentity; amountFen: bigint }
  | { kind: 'payment'; amountFen: bigint };

/**
 * Records the amount of an invoice or payment proof just stored as `attachmentId`, in the
 * caller's transaction with the claim locked: every proof gets its own row, the claim's
 * invoiced and paid amounts become the sums (evidence-amounts.ts has the bounds, refused with
 * EVIDENCE_AMOUNT_EXCEEDED before anything is written), and the claim row comes back updated.
 * The claim's `invoice_number` keeps the first invoice's number for lists and exports.
 */
export async function recordEvidenceAmount(
  tx: Sql,
  claim: Claim,
  attachmentId: string,
  evidence: EvidenceAmount,
  now: Date,
): Promise<Claim> {
  const totals: EvidenceTotals = {
    contractFen: claim.contractAmountFen,
    invoicedFen: claim.invoiceAmountFen,
    paidFen: claim.paidAmountFen,
  };
  let after: EvidenceTotals;
  if (evidence.kind === 'invoice') {
    after = addInvoice(totals, evidence.amountFen);
    await recordInvoice(
      tx,
      claim,
      { ...evidence.invoice, attachmentId, amountFen: evidence.amountFen },
      now,
    );
  } else {
    after = addPayment(totals, evidence.amountFen);
    await tx.query(
      `insert into voucher_claim_payments (id, claim_id, attachment_id, amount_fen, created_at)
       values ($1, $2, $3, $4, $5)`,
      [uuidv7(), claim.id, attachmentId, evidence.amountFen, now],
    );
  }
  const [row] = await tx.query(
    `update voucher_claims
        set invoice_amount_fen = $2, paid_amount_fen = $3, updated_at = $4,
            invoice_number = coalesce(invoice_number, $5)
      where id = $1 returning ${CLAIM_COLUMNS}`,
    [
      claim.id,
      after.invoicedFen,
      after.paidFen,
      now,
      evidence.kind === 'invoice' ? evidence.invoice.number : null,
    ],
  );
  assert(row, 'recordEvidenceAmount: the locked claim vanished');
  return toClaim(row);
}

/** The claim's payment proofs in upload order (bounded by the files a claim may have). */
export async function listClaimPayments(sql: Sql, claimId: string): Promise<ClaimPayment[]> {
  const rows = await sql.query<{
    attachment_id: string | null;
    amount_fen: bigint;
    created_at: Date;
  }>(
    `select attachment_id, amount_fen, created_at from voucher_claim_payments
      where claim_id = $1 order by created_at, id limit 100`,
    [claimId],
  );
  return rows.map((row) => ({
    attachmentId: row.attachment_id,
    amountFen: row.amount_fen,
    createdAt: row.created_at,
  }));
}

/**
 * The amount (and, for an invoice, the invoice's identity) an upload of `kind` must carry,
 * validated before any transaction: VALIDATION_FAILED names the missing or malformed field.
 * Null for the kinds that carry no amount (delivery proof, contract).
 */
export function evidenceAmountOf(
  kind: AttachmentKind,
  input: { invoiceNumber?: string; invoiceCode?: string; amountFen?: bigint },
): EvidenceAmount | null {
  if (kind !== 'invoice' && kind !== 'payment') return null;
  const invoice =
    kind === 'invoice'
      ? invoiceIdentity({ number: input.invoiceNumber ?? '', code: input.invoiceCode })
      : null;
  const amountFen = input.amountFen ?? 0n;
  if (amountFen <= 0n) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'amountFen: required and positive for an invoice or payment',
      { field: 'amountFen' },
    );
  }
  return invoice === null
    ? { kind: 'payment', amountFen }
    : { kind: 'invoice', invoice, amountFen };
}
