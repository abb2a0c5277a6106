import { z } from '@hono/zod-openapi';
import { DomainError } from '../../../domain/shared/errors.ts';
import { MAX_ATTACHMENT_BYTES } from '../../../services/vouchers/index.ts';
import type { ApiContext } from '../api-env.ts';
import { attachmentDisposition } from '../content-disposition.ts';

/**
 * What the upload and download routes of claim evidence and application files share: the body
 * is the file itself, streamed in and out of the evidence store.
 */

/**
 * The route options of an upload. The framework's Idempotency-Key hashes a JSON body; this body
 * is a file, and the upload is idempotent by the file's sha256 (same owner, kind and content →
 * the stored attachment).
 */
export const fileUploadOptions = {
  idempotency: 'none',
  maxBodyBytes: MAX_ATTACHMENT_BYTES,
  streamsBody: true,
} as const;

/** The request's file: its declared type and length, and the body as a stream. */
export function uploadedFileOf(c: ApiContext): {
  contentType: string;
  bytes: ReadableStream<Uint8Array> | Uint8Array;
  declaredSizeBytes: number | undefined;
} {
  const contentType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (!contentType) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'send the file with its Content-Type', {
      field: 'content-type',
    });
  }
  const declaredLength = c.req.header('content-length');
  return {
    contentType,
    // Streamed: the store reads the body chunk by chunk as the client sends it.
    bytes: c.req.raw.body ?? new Uint8Array(),
    declaredSizeBytes: declaredLength === undefined ? undefined : Number(declaredLength),
  };
}

/** The OpenAPI answer of a download: the bytes. */
export const fileDownloadResponse = (description: string) => ({
  200: {
    description,
    contentType: 'application/octet-stream',
    schema: z.string().openapi({ format: 'binary' }),
  },
});

/** A stored file as the answer of a download, never rendered as a page of the platform. */
export function fileDownload(
  c: ApiContext,
  file: {
    body: ReadableStream<Uint8Array>;
    contentType: string;
    sizeBytes: number;
    filename: string;
  },
): Response {
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
}
