import { z } from '@hono/zod-openapi';
import {
  applicationAttachmentQuery,
  applicationAttachmentSchema,
} from '../../../contracts/application-attachments.ts';
import { attachmentParams } from '../../../contracts/attachments.ts';
import { idParams } from '../../../contracts/common.ts';
import {
  addApplicationAttachment,
  listApplicationAttachments,
  readApplicationAttachment,
  type ApplicationAttachmentRecord,
} from '../../../services/vouchers/index.ts';
import { defineRoute } from '../define-route.ts';
import {
  fileDownload,
  fileDownloadResponse,
  fileUploadOptions,
  uploadedFileOf,
} from './vouchers-attachment-files.ts';

const tags = ['vouchers'];

function attachmentJson(
  record: ApplicationAttachmentRecord,
): z.output<typeof applicationAttachmentSchema> {
  return {
    ...record,
    kind: record.kind as z.output<typeof applicationAttachmentSchema>['kind'],
    createdAt: record.createdAt.toISOString(),
  };
}

export const addApplicationAttachmentRoute = defineRoute({
  method: 'post',
  path: '/api/v1/applications/{id}/attachments',
  summary: 'Attach a file to an application (business plan, quote, contract, other)',
  description:
    'The body is the file itself with its Content-Type (or `application/octet-stream`); `kind` and `filename` in the query. Accepted while the application is a draft, submitted or returned (409 INVALID_STATE_TRANSITION after the decision). The same file types, type detection from the bytes, 10 MiB limit and per-enterprise quotas as claim evidence (`POST /api/v1/claims/{id}/attachments`); at most 20 files per application. A re-upload of the same file as the same kind returns the stored one, so no Idempotency-Key is needed.',
  tags,
  access: { action: 'application.attach' },
  ...fileUploadOptions,
  request: { params: idParams, query: applicationAttachmentQuery },
  responses: { 201: { description: 'stored', schema: applicationAttachmentSchema } },
  handler: async (c, auth, { params, query }) => {
    const record = await addApplicationAttachment({
      db: c.get('db'),
      store: c.get('evidenceStore'),
      applicationId: params.id,
      attachment: { kind: query.kind, filename: query.filename, ...uploadedFileOf(c) },
      actor: auth,
      now: c.get('now'),
    });
    return c.json(attachmentJson(record), 201);
  },
});

export const listApplicationAttachmentsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/applications/{id}/attachments',
  summary: 'The application’s files (metadata) in upload order',
  description:
    'Readable by whoever may read the application (the enterprise, the program’s operator staff); anyone else gets 404 NOT_FOUND. At most 20 files, all in one answer.',
  tags,
  access: { action: 'application.read' },
  request: { params: idParams },
  responses: {
    200: {
      description: 'the files',
      schema: z.object({ items: z.array(applicationAttachmentSchema) }),
    },
  },
  handler: async (c, auth, { params }) => {
    const rows = await listApplicationAttachments({
      sql: c.get('db'),
      actor: auth,
      applicationId: params.id,
    });
    return c.json({ items: rows.map(attachmentJson) }, 200);
  },
});

export const downloadApplicationAttachmentRoute = defineRoute({
  method: 'get',
  path: '/api/v1/applications/{id}/attachments/{attachmentId}',
  summary: 'Download one file of the application',
  description:
    "The stored bytes with their Content-Type, `Content-Disposition: attachment`, `nosniff` and `Content-Security-Policy: default-src 'none'; sandbox`, as for claim evidence. 404 NOT_FOUND for an id that is not one of this application's files.",
  tags,
  access: { action: 'application.read' },
  request: { params: attachmentParams },
  responses: fileDownloadResponse('the file'),
  handler: async (c, auth, { params }) => {
    const file = await readApplicationAttachment({
      sql: c.get('db'),
      store: c.get('evidenceStore'),
      actor: auth,
      applicationId: params.id,
      attachmentId: params.attachmentId,
    });
    return fileDownload(c, file);
  },
});

export const applicationAttachmentRoutes = [
  addApplicationAttachmentRoute,
  listApplicationAttachmentsRoute,
  downloadApplicationAttachmentRoute,
];
