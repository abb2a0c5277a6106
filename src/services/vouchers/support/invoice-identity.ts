import { v7 as uuidv7 } from 'uuid';
import type { Sql } from '../../../db/client.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { invoiceLabel, type InvoiceIdentity } from '../../../domain/vouchers/invoice-identity.ts';
import { invoiceSharedReason } from '../../../domain/vouchers/risk-flags.ts';
import { isUniqueViolation, type Claim } from './rows.ts';
import { raisePairedRiskFlags } from './risk-flags.ts';

/** An invoice of a claim, as its readers see it. */
export interface ClaimInvoice {
  attachmentId: string | null;
  /** 10 or 12 digits with an 8-digit number; null for a 20-digit (数电票) number. */
  invoiceCode: string | null;
  invoiceNumber: string;
  amountFen: bigint;
  createdAt: Date;
}

/** Most other claims one invoice is flagged against (a bound on the loop). */
const MAX_SHARED_CLAIMS = 20;

/**
 * Records one invoice of the claim. The same invoice (code and number) on another live claim of
 * the same enterprise is a double subsidy: CONFLICT, naming that claim — the enterprise's own.
 * The same invoice on another enterprise's live claim is not refused and not mentioned to the
 * uploader (that would tell it about another tenant's invoice, and let whoever came first squat
 * the number): both claims get a risk flag for the reviewer.
 */
export async function recordInvoice(
  tx: Sql,
  claim: Claim,
  invoice: InvoiceIdentity & { attachmentId: string; amountFen: bigint },
  now: Date,
): Promise<void> {
  const code = invoice.code ?? '';
  const [own] = await tx.query<{ claim_id: string }>(
    `select claim_id from voucher_claim_invoices
      where enterprise_id = $1 and coalesce(invoice_code, '') = $2 and invoice_number = $3 and live
      limit 1`,
    [claim.enterpriseId, code, invoice.number],
  );
  if (own) throw duplicateInvoice(own.claim_id);
  await tx
    .query(
      `insert into voucher_claim_invoices
         (id, claim_id, attachment_id, enterprise_id, provider_id, invoice_code, invoice_number,
          amount_fen, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        uuidv7(),
        claim.id,
        invoice.attachmentId,
        claim.enterpriseId,
        claim.providerId,
        invoice.code,
        invoice.number,
        invoice.amountFen,
        now,
      ],
    )
    .catch((error: unknown) => {
      // Lost a race with a concurrent upload of the same invoice by this enterprise.
      if (isUniqueViolation(error)) throw duplicateInvoice();
      throw error;
    });
  const others = await tx.query<{ claim_id: string; enterprise_id: string; provider_id: string }>(
    `select claim_id, enterprise_id, provider_id from voucher_claim_invoices
      where invoice_number = $1 and coalesce(invoice_code, '') = $2 and live and enterprise_id <> $3
      order by claim_id limit ${MAX_SHARED_CLAIMS}`,
    [invoice.number, code, claim.enterpriseId],
  );
  for (const other of others) {
    await raisePairedRiskFlags(tx, {
      kind: 'invoice_shared',
      reason: invoiceSharedReason(invoiceLabel(invoice), other.provider_id === claim.providerId),
      claim: { id: claim.id, enterpriseId: claim.enterpriseId },
      related: { id: other.claim_id, enterpriseId: other.enterprise_id },
      now,
    });
  }
}

function duplicateInvoice(ownClaimId?: string): DomainError {
  return new DomainError(
    'CONFLICT',
    'this invoice is already on one of your claims (double subsidy)',
    { field: 'invoiceNumber', ...(ownClaimId === undefined ? {} : { claimId: ownClaimId }) },
  );
}

/** The claim's invoices in upload order (bounded by the files a claim may have). */
export async function listClaimInvoices(sql: Sql, claimId: string): Promise<ClaimInvoice[]> {
  const rows = await sql.query<{
    attachment_id: string | null;
    invoice_code: string | null;
    invoice_number: string;
    amount_fen: bigint;
    created_at: Date;
  }>(
    `select attachment_id, invoice_code, invoice_number, amount_fen, created_at
       from voucher_claim_invoices where claim_id = $1 order by created_at, id limit 100`,
    [claimId],
  );
  return rows.map((row) => ({
    attachmentId: row.attachment_id,
    invoiceCode: row.invoice_code,
    invoiceNumber: row.invoice_number,
    amountFen: row.amount_fen,
    createdAt: row.created_at,
  }));
}
