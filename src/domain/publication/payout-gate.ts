import { DomainError } from '../shared/errors.ts';
import type { PublicationState } from './publication.ts';

/**
 * One appearance of a claim on a publication, as the payout gate sees it: on a claims list
 * (`claim`), or its grant on a grants list (`grant`).
 */
export interface ClaimListing {
  kind: 'claim' | 'grant';
  publicationId: string;
  publicationState: PublicationState;
  /** An objection against this entry was upheld: the entry is withdrawn. */
  withdrawn: boolean;
}

/**
 * The rule the payout of a claim obeys (公示 before payout: docs/architecture.md#the-money-path):
 * the claim must be on a closed claims list, and no objection may have been upheld against it on
 * any list, nor against its grant on a grants list. Throws the reason; returns the closed
 * publication that allows the payout.
 *
 * @example
 * assertPayoutAllowed('c1', [{ kind: 'claim', publicationId: 'p1', publicationState: 'closed', withdrawn: false }]) // 'p1'
 */
export function assertPayoutAllowed(claimId: string, listings: readonly ClaimListing[]): string {
  const withdrawn = listings.find((listing) => listing.withdrawn);
  if (withdrawn) {
    throw new DomainError('OBJECTION_UPHELD', undefined, {
      claimId,
      publicationId: withdrawn.publicationId,
    });
  }
  const claimLists = listings.filter((listing) => listing.kind === 'claim');
  const closed = claimLists.find((listing) => listing.publicationState === 'closed');
  if (!closed) {
    const open = claimLists.find((listing) => listing.publicationState !== 'draft');
    throw new DomainError(
      'PUBLICATION_PENDING',
      open
        ? 'The claim is on a publication whose objection window is not closed yet.'
        : 'The claim has not been published (公示) yet.',
      { claimId, ...(open ? { publicationId: open.publicationId } : {}) },
    );
  }
  return closed.publicationId;
}
