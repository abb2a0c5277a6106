import type { Sql } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import type { EvidenceStore } from '../evidence/index.ts';
import { applicationAttachments } from './support/attachment-owners.ts';
import {
  listAttachments,
  readAttachment,
  type StoredAttachment,
} from './support/attachment-reads.ts';

/** A file of an application as its readers see it (who uploaded it; null: the system). */
export type ApplicationAttachmentRecord = Omit<StoredAttachment, 'ownerId'> & {
  applicationId: string;
};

export function toApplicationAttachment(stored: StoredAttachment): ApplicationAttachmentRecord {
  const { ownerId, ...fields } = stored;
  return { ...fields, applicationId: ownerId };
}

/**
 * The files of an application in upload order, for whoever may read the application (the
 * enterprise, the program's operator staff). At most MAX_ATTACHMENTS_PER_APPLICATION: one
 * answer holds them all.
 */
export async function listApplicationAttachments(options: {
  sql: Sql;
  actor: Actor;
  applicationId: string;
}): Promise<ApplicationAttachmentRecord[]> {
  const owner = applicationAttachments;
  const rows = await listAttachments({
    ...options,
    owner,
    ownerId: options.applicationId,
    limit: owner.maxFiles,
  });
  return rows.map(toApplicationAttachment);
}

/**
 * One file of the application with a stream of its bytes; 404 NOT_FOUND for an id that is not
 * one of this application's files.
 */
export async function readApplicationAttachment(options: {
  sql: Sql;
  store: EvidenceStore;
  actor: Actor;
  applicationId: string;
  attachmentId: string;
}): Promise<ApplicationAttachmentRecord & { body: ReadableStream<Uint8Array> }> {
  const { body, ...stored } = await readAttachment({
    ...options,
    owner: applicationAttachments,
    ownerId: options.applicationId,
  });
  return { ...toApplicationAttachment(stored), body };
}
