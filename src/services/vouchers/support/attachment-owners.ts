import {
  applicationAttachmentKinds,
  applicationStatesTakingAttachments,
  MAX_ATTACHMENTS_PER_APPLICATION,
  type ApplicationAttachmentKind,
} from '../../../domain/vouchers/application-evidence.ts';
import {
  attachmentKinds,
  claimStatesTakingEvidence,
  MAX_ATTACHMENTS_PER_CLAIM,
  type AttachmentKind,
} from '../../../domain/vouchers/evidence.ts';
import type { Sql } from '../../../db/client.ts';
import type { Action } from '../../authz/permissions.ts';
import { loadApplication, loadClaim, type Application, type Claim } from './rows.ts';

/**
 * What an attached file belongs to, and all that differs between the owners: claim evidence
 * (invoices, payment and delivery proof) and application files (a business plan, a quote)
 * are stored, counted against the enterprise's quotas, listed and downloaded by one set of
 * functions (attachment-upload.ts, attachment-reads.ts) that take one of these.
 */
export interface AttachmentOwner<Kind extends string = string, Row extends OwnerRow = OwnerRow> {
  /** The voucher entity: `authorizeVoucher`'s target and the audit entity type. */
  entity: 'application' | 'claim';
  /** The attachments' table and its column naming the owner. */
  table: 'voucher_application_attachments' | 'voucher_claim_attachments';
  ownerColumn: 'application_id' | 'claim_id';
  /** The owners' own table (their enterprise_id: whose quotas a file counts against). */
  ownerTable: 'voucher_applications' | 'voucher_claims';
  attachAction: Action;
  readAction: Action;
  /** The audit log's action for a stored file. */
  auditAction: string;
  kinds: readonly Kind[];
  maxFiles: number;
  statesTakingFiles: readonly string[];
  /** How a refusal names the files: "takes no more evidence" / "takes no more files". */
  filesNoun: string;
  /** Rows written before the evidence store keep their bytes in a `bytes` column. */
  hasLegacyBytes: boolean;
  /** Loads the owner (`lock`: for update, in the caller's transaction) or NOT_FOUND. */
  load(sql: Sql, id: string, lock?: boolean): Promise<Row>;
}

/** What the attachment functions read of an owner. */
export interface OwnerRow {
  id: string;
  enterpriseId: string;
  state: string;
}

export const claimAttachments: AttachmentOwner<AttachmentKind, Claim> = {
  entity: 'claim',
  table: 'voucher_claim_attachments',
  ownerColumn: 'claim_id',
  ownerTable: 'voucher_claims',
  attachAction: 'claim.attach',
  readAction: 'claim.read',
  auditAction: 'claim.attachEvidence',
  kinds: attachmentKinds,
  maxFiles: MAX_ATTACHMENTS_PER_CLAIM,
  statesTakingFiles: claimStatesTakingEvidence,
  filesNoun: 'evidence',
  hasLegacyBytes: true,
  load: loadClaim,
};

export const applicationAttachments: AttachmentOwner<ApplicationAttachmentKind, Application> = {
  entity: 'application',
  table: 'voucher_application_attachments',
  ownerColumn: 'application_id',
  ownerTable: 'voucher_applications',
  attachAction: 'application.attach',
  readAction: 'application.read',
  auditAction: 'application.attachFile',
  kinds: applicationAttachmentKinds,
  maxFiles: MAX_ATTACHMENTS_PER_APPLICATION,
  statesTakingFiles: applicationStatesTakingAttachments,
  filesNoun: 'files',
  hasLegacyBytes: false,
  load: loadApplication,
};

/** Every owner: the enterprise's quotas add up the files of all of them. */
export const attachmentOwners: readonly AttachmentOwner[] = [
  claimAttachments,
  applicationAttachments,
];
