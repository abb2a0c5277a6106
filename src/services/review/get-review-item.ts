import type { Sql } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  areRelated,
  getEnterprise,
  getProvider,
  listRelatedParties,
  type Enterprise,
  type Provider,
  type RelatedParty,
  type RelatedPartyCheck,
} from '../parties/index.ts';
import {
  authorizeVoucher,
  getApplication,
  getClaim,
  getProgramBudget,
  type Application,
  type ClaimDetail,
  type TransitionView,
} from '../vouchers/index.ts';
import { queueNeighbours, type QueuePosition } from './queue-neighbours.ts';
import type { ReviewKind } from './review-queue-order.ts';

/** Everything a reviewer decides on, in one read. */
export interface ReviewItem {
  kind: ReviewKind;
  application: { application: Application; transitions: TransitionView[] } | null;
  claim: ClaimDetail | null;
  enterprise: Enterprise;
  /** The claim's provider, or the provider an application plans to buy from (if it names one). */
  provider: Provider | null;
  /** Whether that provider is a related party of the enterprise (null without a provider). */
  providerRelation: RelatedPartyCheck | null;
  /** Every party sharing something with the enterprise, certainly related ones first. */
  relatedParties: RelatedParty[];
  /** What the program's budget still has free for new grants. */
  budgetRemainingFen: bigint;
  queue: QueuePosition;
  /** The decisions the item's state allows. */
  decisions: ('approve' | 'return' | 'reject' | 'redeem')[];
}

/**
 * One application or claim of the review queue with its evidence and history, the policy trace
 * (the application's eligibility pre-check, the claim's evaluation), the enterprise's profile,
 * related-party warnings (the provider checked against the enterprise, every related party of
 * the enterprise, and a claim's risk flags), the budget left, and its place in the queue with
 * the previous and next items (keyboard navigation). Read-only; `reviewQueue.read`.
 *
 * @example
 * const item = await getReviewItem({ sql: db, actor, kind: 'application', id });
 * if (item.providerRelation?.related) console.warn('provider is a related party');
 */
export async function getReviewItem(options: {
  sql: Sql;
  actor: Actor;
  kind: ReviewKind;
  id: string;
  programId?: string | undefined;
}): Promise<ReviewItem> {
  const { sql, actor, kind, id } = options;
  await authorizeVoucher(sql, actor, 'reviewQueue.read', kind, id);
  // The parts below are read with the caller's own rights: each checks its own action.
  const application =
    kind === 'application' ? await getApplication({ sql, actor, applicationId: id }) : null;
  const claim = kind === 'claim' ? await getClaim({ sql, actor, claimId: id }) : null;
  const subject = application?.application ?? claim?.claim;
  assert(subject !== undefined, 'getReviewItem: neither an application nor a claim');
  const providerId = claim?.claim.providerId ?? plannedProviderOf(application?.application);
  const provider = providerId === null ? null : await findProvider(sql, actor, providerId);
  const enterprise = await getEnterprise({ sql, actor, enterpriseId: subject.enterpriseId });
  return {
    kind,
    application,
    claim,
    enterprise,
    provider,
    providerRelation:
      provider === null
        ? null
        : await areRelated({ sql, enterpriseId: enterprise.id, providerId: provider.id }),
    relatedParties: await listRelatedParties({ sql, actor, partyId: enterprise.id }),
    budgetRemainingFen: (await getProgramBudget({ sql, actor, programId: subject.programId }))
      .remainingFen,
    queue: await queueNeighbours({ sql, actor, kind, id, programId: options.programId }),
    decisions: decisionsFor(kind, subject.state),
  };
}

function plannedProviderOf(application: Application | undefined): string | null {
  const providerId = application?.plannedPurchase.providerId;
  return typeof providerId === 'string' ? providerId : null;
}

/** A planned purchase may name a provider that is not registered (any more): then none. */
async function findProvider(sql: Sql, actor: Actor, providerId: string): Promise<Provider | null> {
  try {
    return await getProvider({ sql, actor, providerId });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

function decisionsFor(kind: ReviewKind, state: string): ReviewItem['decisions'] {
  if (kind === 'application') return state === 'submitted' ? ['approve', 'return', 'reject'] : [];
  if (state === 'evidence_complete') return ['redeem', 'reject'];
  return state === 'submitted' || state === 'draft' || state === 'redeemed' ? ['reject'] : [];
}
