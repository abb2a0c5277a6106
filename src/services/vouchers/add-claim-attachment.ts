import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { MAX_ATTACHMENTS_PER_CLAIM, checkAttachment } from '../../domain/vouchers/evidence.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { completeEvidenceIfReady } from './support/evidence-state.ts';
import { evidenceAmountOf, recordEvidenceAmount } from './support/payment-evidence.ts';
import { loadClaim, type Claim } from './support/rows.ts';
import { authorizeVoucher } from './voucher-access.ts';

export interface AttachmentInput {
  kind: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
  /** Invoice only: the invoice number (8 or 20 digits). */
  invoiceNumber?: string;
  /** Invoice only: the invoice code (10 or 12 digits), required with an 8-digit number. */
  invoiceCode?: string;
  /** Invoice: the invoiced amount; payment: the amount paid. */
  amountFen?: bigint;
}

export interface AttachmentSummary {
  id: string;
  claimId: string;
  kind: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
}

/**
 * Stores one evidence file of a claim in the database (type, magic bytes and 10 MiB checked).
 * An invoice carries its number (with its code for an 8-digit number) and amount, a payment
 * proof the amount paid: each is kept, and the claim's totals add up (payment-evidence.ts;
 * invoice-identity.ts for duplicates and risk flags). Evidence is taken until the claim is
 * redeemed. Once invoice, payment and delivery proof are in, a submitted claim becomes
 * evidence_complete.
 */
export async function addClaimAttachment(options: {
  db: Database;
  claimId: string;
  enterpriseId: string;
  attachment: AttachmentInput;
  actor: Actor;
  now: Date;
}): Promise<{ attachment: AttachmentSummary; claim: Claim }> {
  await authorizeVoucher(options.db, options.actor, 'claim.attach', 'claim', options.claimId);
  const { attachment, actor, now } = options;
  const kind = checkAttachment(attachment);
  const evidence = evidenceAmountOf(kind, attachment);
  return options.db.transaction(async (tx) => {
    let claim = await loadClaim(tx, options.claimId, true);
    if (claim.enterpriseId !== options.enterpriseId) {
      throw new DomainError('NOT_FOUND', 'claim not found', { field: 'claimId' });
    }
    // A contract paid in instalments brings its later payments after the evidence was complete.
    if (!['draft', 'submitted', 'evidence_complete'].includes(claim.state)) {
      throw new DomainError(
        'INVALID_STATE_TRANSITION',
        `claim in state '${claim.state}' takes no more evidence`,
        {
          field: 'state',
        },
      );
    }
    const [count] = await tx.query<{ n: bigint }>(
      'select count(*)::int8 as n from voucher_claim_attachments where claim_id = $1',
      [claim.id],
    );
    if ((count?.n ?? 0n) >= BigInt(MAX_ATTACHMENTS_PER_CLAIM)) {
      throw new DomainError(
        'PAYLOAD_TOO_LARGE',
        `at most ${MAX_ATTACHMENTS_PER_CLAIM} files per claim`,
        {
          field: 'file',
        },
      );
    }
    const sha256 = createHash('sha256').update(attachment.bytes).digest('hex');
    // A re-upload of the same file as the same kind (a retried request) stores nothing new.
    const [same] = await tx.query<{ id: string; created_at: Date }>(
      `select id, created_at from voucher_claim_attachments
        where claim_id = $1 and kind = $2 and sha256 = $3 limit 1`,
      [claim.id, kind, sha256],
    );
    if (same) {
      return {
        attachment: {
          id: same.id,
          claimId: claim.id,
          kind,
          filename: attachment.filename,
          contentType: attachment.contentType,
          sizeBytes: attachment.bytes.length,
          sha256,
          createdAt: same.created_at,
        },
        claim,
      };
    }
    const id = uuidv7();
    await tx.query(
      `insert into voucher_claim_attachments
         (id, claim_id, kind, filename, content_type, size_bytes, sha256, bytes, uploaded_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        id,
        claim.id,
        kind,
        attachment.filename,
        attachment.contentType,
        attachment.bytes.length,
        sha256,
        attachment.bytes,
        actor.userId,
        now,
      ],
    );
    if (evidence) claim = await recordEvidenceAmount(tx, claim, id, evidence, now);
    await recordAudit({
      sql: tx,
      actor: { userId: actor.userId, tenantId: actor.tenantId, via: actor.via },
      action: 'claim.attachEvidence',
      entity: { type: 'claim', id: claim.id, tenantId: claim.enterpriseId },
      after: {
        attachmentId: id,
        kind,
        filename: attachment.filename,
        sizeBytes: attachment.bytes.length,
        sha256,
        ...(evidence ? { amountFen: evidence.amountFen.toString() } : {}),
        ...(evidence?.kind === 'invoice'
          ? { invoiceCode: evidence.invoice.code, invoiceNumber: evidence.invoice.number }
          : {}),
      },
      requestId: actor.requestId,
      now,
    });
    claim = await completeEvidenceIfReady(tx, claim, actor, now);
    return {
      attachment: {
        id,
        claimId: claim.id,
        kind,
        filename: attachment.filename,
        contentType: attachment.contentType,
        sizeBytes: attachment.bytes.length,
        sha256,
        createdAt: now,
      },
      claim,
    };
  });
}
