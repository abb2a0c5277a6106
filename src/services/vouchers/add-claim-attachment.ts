import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import { agreedContentType, checkAttachmentRequest } from '../../domain/vouchers/evidence.ts';
import { storedFileName } from '../../domain/vouchers/evidence-file-name.ts';
import { evidenceTypes } from '../../domain/vouchers/evidence-file-type.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import type { ContentSource, EvidenceStore } from '../evidence/index.ts';
import { completeEvidenceIfReady } from './support/evidence-state.ts';
import {
  assertClaimTakesEvidence,
  assertEvidenceQuota,
  lockEnterpriseEvidence,
  receiveEvidence,
} from './support/evidence-upload.ts';
import { evidenceAmountOf, recordEvidenceAmount } from './support/payment-evidence.ts';
import { loadClaim, type Claim } from './support/rows.ts';
import { authorizeVoucher } from './voucher-access.ts';

export interface AttachmentInput {
  kind: string;
  filename: string;
  contentType: string;
  /** The file: bytes in memory, or a stream of them (a request body, never held whole). */
  bytes: ContentSource;
  /** The size the client announced (Content-Length): checked before a byte is read. */
  declaredSizeBytes?: number | undefined;
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
 * Stores one evidence file of a claim: the bytes stream into the evidence store (hashed, type
 * detected from the content, 10 MiB and the enterprise's quotas enforced) with no database
 * connection held, then one short transaction writes the metadata row. The stored name and
 * content type are the detected type's (`scan.hta` holding a PDF is kept as `scan.pdf`). When
 * that transaction fails, the content it would have named is left for the orphan sweep (the
 * same bytes may belong to another upload in flight). An invoice carries its number (with its
 * code for an 8-digit number) and amount, a payment proof the amount paid: each is kept, and the
 * claim's totals add up (payment-evidence.ts; invoice-identity.ts for duplicates and risk
 * flags). Evidence is taken until the claim is redeemed. Once invoice, payment and delivery
 * proof are in, a submitted claim becomes evidence_complete.
 */
export async function addClaimAttachment(options: {
  db: Database;
  store: EvidenceStore;
  claimId: string;
  enterpriseId: string;
  attachment: AttachmentInput;
  actor: Actor;
  now: Date;
}): Promise<{ attachment: AttachmentSummary; claim: Claim }> {
  await authorizeVoucher(options.db, options.actor, 'claim.attach', 'claim', options.claimId);
  const { attachment, actor, now } = options;
  const kind = checkAttachmentRequest(attachment);
  // Checked before a byte is stored: a bad amount or invoice number changes nothing.
  const evidence = evidenceAmountOf(kind, attachment);
  let contentType = attachment.contentType;
  const content = await receiveEvidence({
    sql: options.db,
    store: options.store,
    claimId: options.claimId,
    enterpriseId: options.enterpriseId,
    source: attachment.bytes,
    declaredSizeBytes: attachment.declaredSizeBytes,
    accept: (type) => {
      contentType = agreedContentType(attachment.contentType, type);
    },
    now,
  });
  const { sha256, sizeBytes } = content;
  const filename = storedFileName(attachment.filename, evidenceTypes[content.type].extensions);
  return options.db.transaction(async (tx) => {
    let claim = await loadClaim(tx, options.claimId, true);
    await assertClaimTakesEvidence(tx, claim, options.enterpriseId);
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
          filename,
          contentType,
          sizeBytes,
          sha256,
          createdAt: same.created_at,
        },
        claim,
      };
    }
    await lockEnterpriseEvidence(tx, claim.enterpriseId);
    await assertEvidenceQuota({
      sql: tx,
      quotas: options.store.quotas,
      enterpriseId: claim.enterpriseId,
      sizeBytes,
      now,
    });
    const id = uuidv7();
    // Only metadata: the bytes are in the store under `sha256`, written before this row.
    await tx.query(
      `insert into voucher_claim_attachments
         (id, claim_id, kind, filename, content_type, size_bytes, sha256, bytes, uploaded_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, null, $8, $9)`,
      [id, claim.id, kind, filename, contentType, sizeBytes, sha256, actor.userId, now],
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
        filename,
        sizeBytes,
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
        filename,
        contentType,
        sizeBytes,
        sha256,
        createdAt: now,
      },
      claim,
    };
  });
}
