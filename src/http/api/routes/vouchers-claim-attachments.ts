import { z } from '@hono/zod-openapi';
import { idParams, pageOf, pageQuery } from '../../../contracts/common.ts';
import { attachmentParams, attachmentRecordSchema } from '../../../contracts/vouchers.ts';
import { listClaimAttachments, readClaimAttachment } from '../../../services/vouchers/index.ts';
import { attachmentDisposition } from '../content-disposition.ts';
import { defineRoute } from '../define-route.ts';
import { decodeCursor, isIdKey, toPage } from '../pagination.ts';
import { attachmentJson } from './vouchers-json.ts';

const tags = ['vouchers'];

export const listClaimAttachmentsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/claims/{id}/attachments',
  summary: 'The claim’s evidence files (metadata) in upload order',
  description:
    'Readable by whoever may read the claim (`GET /api/v1/claims/{id}`); anyone else gets 404 NOT_FOUND. Download a file with `GET /api/v1/claims/{id}/attachments/{attachmentId}`.',
  tags,
  access: { action: 'claim.read' },
  request: { params: idParams, query: pageQuery },
  responses: {
    200: { description: 'one page of evidence files', schema: pageOf(attachmentRecordSchema) },
  },
  handler: async (c, auth, { params, query }) => {
    const rows = await listClaimAttachments({
      sql: c.get('db'),
      actor: auth,
      claimId: params.id,
      afterId: decodeCursor(query.cursor, isIdKey)?.id,
      limit: query.limit,
    });
    return c.json(
      toPage(rows, query.limit, (row) => ({ id: row.id }), attachmentJson),
      200,
    );
  },
});

export const downloadClaimAttachmentRoute = defineRoute({
  method: 'get',
  path: '/api/v1/claims/{id}/attachments/{attachmentId}',
  summary: 'Download one evidence file of the claim: the stored bytes with their content type',
  description:
    "The body is the file as uploaded, streamed from the evidence store, with its stored Content-Type (PDF, PNG, JPEG, XML or OFD), `Content-Disposition: attachment` with the file name (RFC 5987 `filename*` for non-ASCII names), `X-Content-Type-Options: nosniff` and `Content-Security-Policy: default-src 'none'; sandbox`, so a file is never rendered as a page of the platform. Readable by whoever may read the claim; anyone else, and an attachment id of another claim, gets 404 NOT_FOUND.",
  tags,
  access: { action: 'claim.read' },
  request: { params: attachmentParams },
  responses: {
    200: {
      description: 'the file (Content-Type: the type it was uploaded with)',
      contentType: 'application/octet-stream',
      schema: z.string().openapi({ format: 'binary' }),
    },
  },
  handler: async (c, auth, { params }) => {
    const file = await readClaimAttachment({
      sql: c.get('db'),
      store: c.get('evidenceStore'),
      actor: auth,
      claimId: params.id,
      attachmentId: params.attachmentId,
    });
    return c.body(file.body, 200, {
      'content-type': file.contentType,
      'content-length': String(file.sizeBytes),
      'content-disposition': attachmentDisposition(file.filename),
      'x-content-type-options': 'nosniff',
      // Uploads are checked by magic bytes, but a browser must never run one in our origin.
      'content-security-policy': "default-src 'none'; sandbox",
      // Evidence (invoices, bank slips) is personal data: no shared or disk cache keeps it.
      'cache-control': 'private, no-store',
    });
  },
});

export const claimAttachmentRoutes = [listClaimAttachmentsRoute, downloadClaimAttachmentRoute];
