import { DomainError } from '../shared/errors.ts';

/**
 * Evidence attached to a claim (docs/architecture.md#the-money-path): the invoice, the payment
 * proof, the delivery proof, and the contract. Files live in the database, so their size and type
 * are limited here.
 */
export const attachmentKinds = ['invoice', 'payment', 'delivery', 'contract'] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];

/** The evidence a claim needs before it can be redeemed (the contract is attached at creation). */
export const requiredEvidence: readonly AttachmentKind[] = ['invoice', 'payment', 'delivery'];

/** 10 MiB per file. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** At most this many files per claim (a bound on every list). */
export const MAX_ATTACHMENTS_PER_CLAIM = 20;

/** PDF, images, and the two e-invoice formats (XML and OFD, the Chinese fixed-layout format). */
export const allowedContentTypes = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/xml',
  'text/xml',
  'application/ofd',
] as const;

/**
 * Checks an attachment's metadata and first bytes. The magic numbers catch a file renamed to
 * pass the type check (a PDF must start with `%PDF`, a PNG with its signature…).
 */
export function checkAttachment(input: {
  kind: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}): AttachmentKind {
  if (!(attachmentKinds as readonly string[]).includes(input.kind)) {
    throw new DomainError('VALIDATION_FAILED', `kind: one of ${attachmentKinds.join(', ')}`, {
      field: 'kind',
    });
  }
  if (!/^[^/\\\0]{1,200}$/u.test(input.filename)) {
    throw new DomainError('VALIDATION_FAILED', 'filename: 1–200 characters, no path', {
      field: 'filename',
    });
  }
  if (!(allowedContentTypes as readonly string[]).includes(input.contentType)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', undefined, {
      field: 'contentType',
      allowed: [...allowedContentTypes],
    });
  }
  if (input.bytes.length === 0) {
    throw new DomainError('VALIDATION_FAILED', 'file: empty', { field: 'file' });
  }
  if (input.bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', undefined, {
      field: 'file',
      maxBytes: MAX_ATTACHMENT_BYTES,
    });
  }
  if (!magicMatches(input.contentType, input.bytes)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'file: content does not match its type', {
      field: 'file',
    });
  }
  return input.kind as AttachmentKind;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function magicMatches(contentType: string, bytes: Uint8Array): boolean {
  switch (contentType) {
    case 'application/pdf':
      return startsWith(bytes, [0x25, 0x50, 0x44, 0x46]); // %PDF
    case 'image/png':
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg':
      return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case 'application/ofd':
      return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]); // OFD is a ZIP container
    default: {
      // XML: optional BOM and whitespace, then '<'.
      const text = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF?\s*/u, '');
      return text.startsWith('<');
    }
  }
}

/** Which required kinds are still missing from the attached ones. */
export function missingEvidence(attached: readonly AttachmentKind[]): AttachmentKind[] {
  return requiredEvidence.filter((kind) => !attached.includes(kind));
}
