import { idParams, pageOf, pageQuery } from '../../../contracts/common.ts';
import { attachmentParams } from '../../../contracts/attachments.ts';
import {
  attachmentQuery,
  attachmentRecordSchema,
  attachmentSchema,
} from '../../../contracts/vouchers.ts';
import {
  addClaimAttachment,
  listClaimAttachments,
  readClaimAttachment,
} from '../../../services/vouchers/index.ts';
import { defineRoute } from '../define-route.ts';
import { decodeCursor, isIdKey, toPage } from '../pagination.ts';
import {
  fileDownload,
  fileDownloadResponse,
  fileUploadOptions,
  uploadedFileOf,
} from './vouchers-attachment-files.ts';
import { attachmentJson } from './vouchers-json.ts';

const tags = ['vouchers'];

export const addAttachmentRoute = defineRoute({
  method: 'post',
  path: '/api/v1/claims/{id}/attachments',
  summary: 'Attach evidence: the body is the file (PDF, PNG, JPEG, XML or OFD)',
  description:
    "Send the file itself as the body with its Content-Type (or `application/octet-stream`); `kind` and `filename` in the query, plus `invoiceNumber` (20 digits, or 8 digits with its 10- or 12-digit `invoiceCode`) and `amountFen` (invoiced amount) for an invoice and `amountFen` (paid amount) for a payment proof. Invoices and payments add up: the claim's invoiced and paid amounts are their sums; one that would bring the invoiced or paid total above the contract amount, or the paid total above the invoiced total, is refused (422 EVIDENCE_AMOUNT_EXCEEDED). The same invoice on another of your live claims is refused (409 CONFLICT). Evidence is taken until the claim is redeemed. A re-upload of the same file for the same kind is a no-op (natural idempotency), so no Idempotency-Key is needed. Files up to 10 MiB, streamed to the evidence store (docs/evidence.md).\n\nThe type is detected from the bytes: PDF (`%PDF-`), OFD (a ZIP holding `OFD.xml`), XML with an `<?xml` declaration and no HTML, SVG, HTA or script, PNG, JPEG; anything else, or a declared type the bytes contradict, is 415 UNSUPPORTED_MEDIA_TYPE. The stored name carries the detected type's extension (`scan.hta` holding a PDF is stored as `scan.pdf`). A name with a control character or a bidi mark is 400 FILENAME_UNSAFE. Per-enterprise quotas: total bytes (413 EVIDENCE_QUOTA_EXCEEDED), files per day and concurrent uploads (429 EVIDENCE_RATE_LIMITED with Retry-After).",
  tags,
  access: { action: 'claim.attach' },
  ...fileUploadOptions,
  request: { params: idParams, query: attachmentQuery },
  responses: { 201: { description: 'stored', schema: attachmentSchema } },
  handler: async (c, auth, { params, query }) => {
    const { attachment } = await addClaimAttachment({
      db: c.get('db'),
      store: c.get('evidenceStore'),
      claimId: params.id,
      enterpriseId: auth.tenantId,
      attachment: {
        kind: query.kind,
        filename: query.filename,
        ...uploadedFileOf(c),
        ...(query.invoiceNumber === undefined ? {} : { invoiceNumber: query.invoiceNumber }),
        ...(query.invoiceCode === undefined ? {} : { invoiceCode: query.invoiceCode }),
        ...(query.amountFen === undefined ? {} : { amountFen: query.amountFen }),
      },
      actor: auth,
      now: c.get('now'),
    });
    return c.json(attachmentJson(attachment), 201);
  },
});

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
  responses: fileDownloadResponse('the file (Content-Type: the type it was uploaded with)'),
  handler: async (c, auth, { params }) => {
    const file = await readClaimAttachment({
      sql: c.get('db'),
      store: c.get('evidenceStore'),
      actor: auth,
      claimId: params.id,
      attachmentId: params.attachmentId,
    });
    return fileDownload(c, file);
  },
});

export const claimAttachmentRoutes = [
  addAttachmentRoute,
  listClaimAttachmentsRoute,
  downloadClaimAttachmentRoute,
];
