/**
 * The review queues, in the order reviewers take them: applications waiting for a decision by
 * arrival (first-come programs allocate in that order too), claims waiting for redemption or
 * rejection by when they were submitted, evidence-complete ones (that can be redeemed) first.
 * One SQL fragment per kind so the list and the item's neighbours agree.
 */
export const reviewKinds = ['application', 'claim'] as const;
export type ReviewKind = (typeof reviewKinds)[number];

export interface QueueSql {
  table: string;
  /** Which rows are in the queue. */
  waiting: string;
  /** The queue's order (ties by id: UUIDv7, creation order). */
  orderBy: string;
  /** When the row started waiting. */
  waitingSince: string;
}

export const queueSql: Record<ReviewKind, QueueSql> = {
  application: {
    table: 'voucher_applications',
    waiting: `e.state = 'submitted'`,
    orderBy: 'e.arrival_seq, e.id',
    waitingSince: 'e.updated_at',
  },
  claim: {
    table: 'voucher_claims',
    waiting: `e.state in ('submitted', 'evidence_complete')`,
    orderBy: `(e.state = 'evidence_complete') desc, e.created_at, e.id`,
    waitingSince: 'e.updated_at',
  },
};
