import type { Database } from '../../db/client.ts';
import { checkUploadRequest } from '../../domain/vouchers/evidence.ts';
import type { Actor } from '../authz/actor.ts';
import type { Claim } from './support/rows.ts';
import { claimAttachmentSummary, type AttachmentSummary } from './claim-attachments.ts';
import { claimAttachments } from './support/attachment-owners.ts';
import {
  insertAttachment,
  receiveAttachment,
  type UploadedFile,
} from './support/attachment-upload.ts';
import type { EvidenceStore } from '../evidence/index.ts';
import { completeEvidenceIfReady } from './support/evidence-state.ts';
import { evidenceAmountOf, recordEvidenceAmount } from './support/payment-evidence.ts';
import { authorizeVoucher } from './voucher-access.ts';

export interface AttachmentInput extends UploadedFile {
  kind: string;
  /** Invoice only: the invoice number (8 or 20 digits). */
  invoiceNumber?: string;
  /** Invoice only: the invoice code (10 or 12 digits), required with an 8-digit number. */
  invoiceCode?: string;
  /** Invoice: the invoiced amount; payment: the amount paid. */
  amountFen?: bigint;
}

/**
 * Stores one evidence file of a claim (support/attachment-upload.ts): the bytes stream into the
 * evidence store (hashed, type detected from the content, 10 MiB and the enterprise's quotas
 * enforced) with no database connection held, then one short transaction writes the metadata
 * row. An invoice carries its number (with its code for an 8-digit number) and amount, a
 * payment proof the amount paid: each is kept, and the claim's totals add up
 * (payment-evidence.ts; invoice-identity.ts for duplicates and risk flags). Evidence is taken
 * until the claim is redeemed. Once invoice, payment and delivery proof are in, a submitted
 * claim becomes evidence_complete. A re-upload of the same file as the same kind (a retried
 * request) stores nothing new and returns the stored file.
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
  const { db, store, claimId, enterpriseId, attachment: file, actor, now } = options;
  const owner = claimAttachments;
  await authorizeVoucher(db, actor, owner.attachAction, owner.entity, claimId);
  const kind = checkUploadRequest(owner.kinds, file);
  // Checked before a byte is stored: a bad amount or invoice number changes nothing.
  const evidence = evidenceAmountOf(kind, file);
  const content = await receiveAttachment({
    sql: db,
    store,
    owner,
    ownerId: claimId,
    enterpriseId,
    file,
    now,
  });
  return db.transaction(async (tx) => {
    let claim = await owner.load(tx, claimId, true);
    const { attachment, created } = await insertAttachment({
      tx,
      owner,
      row: claim,
      enterpriseId,
      kind,
      content,
      store,
      actor,
      afterInsert: async (attachmentId) => {
        if (evidence) claim = await recordEvidenceAmount(tx, claim, attachmentId, evidence, now);
      },
      auditDetails: {
        ...(evidence ? { amountFen: evidence.amountFen.toString() } : {}),
        ...(evidence?.kind === 'invoice'
          ? { invoiceCode: evidence.invoice.code, invoiceNumber: evidence.invoice.number }
          : {}),
      },
      now,
    });
    if (created) claim = await completeEvidenceIfReady(tx, claim, actor, now);
    return { attachment: claimAttachmentSummary(attachment), claim };
  });
}
