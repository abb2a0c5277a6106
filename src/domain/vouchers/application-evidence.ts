import { DomainError } from '../shared/errors.ts';
import type { ApplicationState } from './application.ts';
import { allowedContentTypes, checkAttachmentSize } from './evidence.ts';
import { checkFileName } from './evidence-file-name.ts';

/**
 * What an enterprise may attach to an application: the plan the purchase serves, the
 * provider's quote, the contract when it is signed already, anything else the reviewer asked
 * for. Same file types and size limit as claim evidence (evidence.ts).
 */
export const applicationAttachmentKinds = ['business-plan', 'quote', 'contract', 'other'] as const;
export type ApplicationAttachmentKind = (typeof applicationAttachmentKinds)[number];

/** Files one application may hold: a reviewer reads them all. */
export const MAX_ATTACHMENTS_PER_APPLICATION = 20;

/**
 * States in which the enterprise may still add files: before a decision (draft, submitted,
 * returned for changes). A decided or withdrawn application keeps what it had.
 */
export const applicationStatesTakingAttachments: readonly ApplicationState[] = [
  'draft',
  'submitted',
  'returned',
];

/**
 * Checks what an upload says about itself before a byte is read: its kind, its name, its
 * declared type and (when sent) its length. Returns the kind.
 */
export function checkApplicationAttachmentRequest(input: {
  kind: string;
  filename: string;
  contentType: string;
  declaredSizeBytes?: number | undefined;
}): ApplicationAttachmentKind {
  if (!(applicationAttachmentKinds as readonly string[]).includes(input.kind)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `kind: one of ${applicationAttachmentKinds.join(', ')}`,
      { field: 'kind' },
    );
  }
  checkFileName(input.filename, 'filename');
  if (!(allowedContentTypes as readonly string[]).includes(input.contentType)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', undefined, {
      field: 'contentType',
      allowed: [...allowedContentTypes],
    });
  }
  if (input.declaredSizeBytes !== undefined) checkAttachmentSize(input.declaredSizeBytes);
  return input.kind as ApplicationAttachmentKind;
}
