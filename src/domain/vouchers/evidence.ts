import { DomainError } from '../shared/errors.ts';
import type { ClaimState } from './claim.ts';
import { checkFileName } from './evidence-file-name.ts';
import { evidenceTypes, type EvidenceType } from './evidence-file-type.ts';

/**
 * Evidence attached to a claim (docs/architecture.md#the-money-path): the invoice, the payment
 * proof, the delivery proof, and the contract. The files live in the evidence store, their
 * metadata in the database; what may be uploaded is decided here and in evidence-file-*.ts.
 */
export const attachmentKinds = ['invoice', 'payment', 'delivery', 'contract'] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];

/** The evidence a claim needs before it can be redeemed (the contract is attached at creation). */
export const requiredEvidence: readonly AttachmentKind[] = ['invoice', 'payment', 'delivery'];

/** 10 MiB per file. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** At most this many files per claim (a bound on every list). */
export const MAX_ATTACHMENTS_PER_CLAIM = 20;

/**
 * States in which a claim still takes evidence: until it is redeemed (a contract paid in
 * instalments brings its later payments after the evidence was complete).
 */
export const claimStatesTakingEvidence: readonly ClaimState[] = [
  'draft',
  'submitted',
  'evidence_complete',
];

/**
 * Content-Types an upload may be declared with: PDF, images, the two e-invoice formats (XML and
 * OFD, the Chinese fixed-layout format), and `application/octet-stream` for "whatever the bytes
 * are". The stored type is always the one detected from the bytes (evidence-file-type.ts).
 */
export const allowedContentTypes = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/xml',
  'text/xml',
  'application/ofd',
  'application/octet-stream',
] as const;

/**
 * Checks what an upload says about itself before a byte of it is read: its kind (one of
 * `kinds`, the owner's: a claim's evidence kinds, an application's file kinds), its file name
 * (no path, no control or bidi characters), its declared type and, when the client sent one,
 * its length. Claim evidence and application files take the same types and sizes.
 */
export function checkUploadRequest<Kind extends string>(
  kinds: readonly Kind[],
  input: {
    kind: string;
    filename: string;
    contentType: string;
    declaredSizeBytes?: number | undefined;
  },
): Kind {
  if (!(kinds as readonly string[]).includes(input.kind)) {
    throw new DomainError('VALIDATION_FAILED', `kind: one of ${kinds.join(', ')}`, {
      field: 'kind',
    });
  }
  checkFileName(input.filename, 'filename');
  if (!(allowedContentTypes as readonly string[]).includes(input.contentType)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', undefined, {
      field: 'contentType',
      allowed: [...allowedContentTypes],
    });
  }
  if (input.declaredSizeBytes !== undefined) checkAttachmentSize(input.declaredSizeBytes);
  return input.kind as Kind;
}

/** `checkUploadRequest` for claim evidence. */
export function checkAttachmentRequest(
  input: Parameters<typeof checkUploadRequest>[1],
): AttachmentKind {
  return checkUploadRequest(attachmentKinds, input);
}

/** Refuses an empty file and one over MAX_ATTACHMENT_BYTES (413). */
export function checkAttachmentSize(sizeBytes: number): void {
  if (sizeBytes === 0) {
    throw new DomainError('VALIDATION_FAILED', 'file: empty', { field: 'file' });
  }
  if (sizeBytes > MAX_ATTACHMENT_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', undefined, {
      field: 'file',
      maxBytes: MAX_ATTACHMENT_BYTES,
    });
  }
}

/**
 * The content type to store: the detected type's, once the declared one agrees with it (a PDF
 * sent as image/png is refused, so a renamed file is caught; octet-stream agrees with anything).
 */
export function agreedContentType(declared: string, detected: EvidenceType): string {
  const detectedType = evidenceTypes[detected].contentType;
  const agrees =
    declared === 'application/octet-stream' ||
    declared === detectedType ||
    (declared === 'text/xml' && detected === 'xml');
  if (!agrees) {
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `file: the content is ${detected.toUpperCase()}, not ${declared}`,
      { field: 'file', declared, detected: detectedType },
    );
  }
  return detectedType;
}

/** Which required kinds are still missing from the attached ones. */
export function missingEvidence(attached: readonly AttachmentKind[]): AttachmentKind[] {
  return requiredEvidence.filter((kind) => !attached.includes(kind));
}
