import type { ApplicationState } from './application.ts';

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
