/**
 * The review queue (issue 14): applications and claims waiting for a reviewer's decision, in
 * order, and each item with everything the decision rests on in one read. The decisions
 * themselves are the vouchers module's (review, redeem, reject).
 */
export { listReviewQueue, MAX_QUEUE_PAGE, type ReviewQueueEntry } from './list-review-queue.ts';
export { getReviewItem, type ReviewItem } from './get-review-item.ts';
export { reviewKinds, type ReviewKind } from './review-queue-order.ts';
export { queueNeighbours, type QueuePosition } from './queue-neighbours.ts';
