import type { Database } from '../../db/client.ts';
import { checkUploadRequest } from '../../domain/vouchers/evidence.ts';
import type { Actor } from '../authz/actor.ts';
import type { EvidenceStore } from '../evidence/index.ts';
import {
  toApplicationAttachment,
  type ApplicationAttachmentRecord,
} from './application-attachments.ts';
import { applicationAttachments } from './support/attachment-owners.ts';
import {
  insertAttachment,
  receiveAttachment,
  type UploadedFile,
} from './support/attachment-upload.ts';
import { authorizeVoucher } from './voucher-access.ts';

/**
 * Stores one file of an application (a business plan, a quote, a contract) as claim evidence
 * is stored (support/attachment-upload.ts): the bytes stream into the evidence store — type
 * detected from the content, 10 MiB and the enterprise's quotas enforced, one of its
 * concurrent-upload slots held — with no database connection held, then one short transaction
 * writes the row and its audit event. Files are taken while the application is undecided. A
 * re-upload of the same content as the same kind returns the stored row.
 *
 * @example
 * const file = await addApplicationAttachment({ db, store, actor, applicationId, now,
 *   attachment: { kind: 'business-plan', filename: 'plan.pdf', contentType: 'application/pdf', bytes } });
 */
export async function addApplicationAttachment(options: {
  db: Database;
  store: EvidenceStore;
  applicationId: string;
  attachment: UploadedFile & { kind: string };
  actor: Actor;
  now: Date;
}): Promise<ApplicationAttachmentRecord> {
  const { db, store, actor, now, applicationId } = options;
  const owner = applicationAttachments;
  await authorizeVoucher(db, actor, owner.attachAction, owner.entity, applicationId);
  const kind = checkUploadRequest(owner.kinds, options.attachment);
  const content = await receiveAttachment({
    sql: db,
    store,
    owner,
    ownerId: applicationId,
    file: options.attachment,
    now,
  });
  return db.transaction(async (tx) => {
    const row = await owner.load(tx, applicationId, true);
    const { attachment } = await insertAttachment({
      tx,
      owner,
      row,
      kind,
      content,
      store,
      actor,
      now,
    });
    return toApplicationAttachment(attachment);
  });
}
