import { z } from 'zod';
import { applicationAttachmentKinds } from '../domain/vouchers/application-evidence.ts';
import { uploadQuery } from './attachments.ts';

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
export const applicationAttachmentQuery = uploadQuery(applicationAttachmentKinds);
