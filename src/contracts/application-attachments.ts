import { z } from 'zod';
import { applicationAttachmentKinds } from '../domain/vouchers/application-evidence.ts';
import { idParams } from './common.ts';

/**
 * Files attached to a voucher application (a business plan, a quote, a contract), shared with
 * the web console, which checks kind, size and type before it uploads.
 */

export const applicationAttachmentKindSchema = z.enum(applicationAttachmentKinds);

export const applicationAttachmentSchema = z
  .object({
    id: z.uuid(),
    applicationId: z.uuid(),
    kind: applicationAttachmentKindSchema,
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number(),
    sha256: z.string(),
    uploadedBy: z.uuid().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ApplicationAttachment' });

/** Metadata of an uploaded file; the body is the file itself (Content-Type: its type). */
export const applicationAttachmentQuery = z.object({
  kind: applicationAttachmentKindSchema.meta({ param: { name: 'kind', in: 'query' } }),
  filename: z
    .string()
    .min(1)
    .max(200)
    .meta({ param: { name: 'filename', in: 'query' } }),
});

/** `/api/v1/applications/{id}/attachments/{attachmentId}` */
export const applicationAttachmentParams = idParams.extend({
  attachmentId: z.uuid().meta({ param: { name: 'attachmentId', in: 'path' } }),
});
