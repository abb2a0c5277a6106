import type { Sql } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { openEvidenceContent, type EvidenceStore } from '../evidence/index.ts';
import { authorizeVoucher } from './voucher-access.ts';

/** A file of an application as its readers see it (who uploaded it; null: the system). */
export interface ApplicationAttachmentRecord {
  id: string;
  applicationId: string;
  kind: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  createdAt: Date;
}

interface Row {
  id: string;
  application_id: string;
  kind: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  created_at: Date;
}

const COLUMNS =
  'id, application_id, kind, filename, content_type, size_bytes, sha256, uploaded_by, created_at';

function toRecord(row: Row): ApplicationAttachmentRecord {
  return {
    id: row.id,
    applicationId: row.application_id,
    kind: row.kind,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
  };
}

/**
 * The files of an application in upload order (uuidv7 ids: id order is upload order), for
 * whoever may read the application (the enterprise, the program's operator staff).
 */
export async function listApplicationAttachments(options: {
  sql: Sql;
  actor: Actor;
  applicationId: string;
}): Promise<ApplicationAttachmentRecord[]> {
  const { sql, actor, applicationId } = options;
  await authorizeVoucher(sql, actor, 'application.read', 'application', applicationId);
  // Bounded by MAX_ATTACHMENTS_PER_APPLICATION: one page holds them all.
  const rows = await sql.query<Row>(
    `select ${COLUMNS} from voucher_application_attachments
      where application_id = $1 order by id`,
    [applicationId],
  );
  return rows.map(toRecord);
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
  const { sql, actor, applicationId } = options;
  await authorizeVoucher(sql, actor, 'application.read', 'application', applicationId);
  const [row] = await sql.query<Row>(
    `select ${COLUMNS} from voucher_application_attachments where id = $1 and application_id = $2`,
    [options.attachmentId, applicationId],
  );
  if (!row) throw new DomainError('NOT_FOUND', 'attachment not found', { field: 'attachmentId' });
  const body = await openEvidenceContent({
    store: options.store,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
  });
  return { ...toRecord(row), body };
}
