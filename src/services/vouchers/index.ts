/** The voucher lifecycle (DESIGN §2.3): applications, review, grants, claims, payout, expiry, clawback. */
export { activateProgram } from './activate-program.ts';
export { createApplication, type PlannedPurchase } from './create-application.ts';
export { submitApplication, type SubmitApplicationResult } from './submit-application.ts';
export { reviewApplication, type ReviewDecision } from './review-application.ts';
export { withdrawApplication } from './withdraw-application.ts';
export { voidGrant } from './void-grant.ts';
export { expireGrants } from './expire-grants.ts';
export { listExpiryWarnings, type ExpiryWarning } from './list-expiry-warnings.ts';
export {
  createClaim,
  purchaseProjectOf,
  type ClaimPurchase,
  type PurchaseProject,
} from './create-claim.ts';
export {
  addClaimAttachment,
  type AttachmentInput,
  type AttachmentSummary,
} from './add-claim-attachment.ts';
export {
  listClaimAttachments,
  readClaimAttachment,
  type AttachmentFile,
  type AttachmentRecord,
} from './claim-attachments.ts';
export { submitClaim } from './submit-claim.ts';
export { redeemClaim } from './redeem-claim.ts';
export { rejectClaim } from './reject-claim.ts';
export { payoutClaim } from './payout-claim.ts';
export { clawbackClaim } from './clawback-claim.ts';
export { blacklistEnterprise, type BlacklistEntry } from './blacklist-enterprise.ts';
export {
  assertEntityOfOperator,
  assertProgramOfOperator,
  operatorProgramsSql,
} from './program-scope.ts';
export { getApplication, getGrant, getClaim, findClaim } from './get-voucher-entities.ts';
export {
  listApplications,
  listGrants,
  listClaims,
  MAX_PAGE_SIZE,
} from './list-voucher-entities.ts';
export {
  getEnterpriseBalances,
  getProgramBudget,
  grantBalance,
  type GrantBalance,
  type ProgramBudget,
} from './get-balances.ts';
export { systemActor, type VoucherActor } from './support/actor.ts';
export type { Application, Grant, Claim } from './support/rows.ts';
export type { TransitionView } from './support/transitions.ts';
export type { VoucherProgram } from './support/program-row.ts';
export { grantIdForApplication } from './support/grant-id.ts';
export { scheduleVoucherJobs, type VoucherJobRun } from './schedule-voucher-jobs.ts';
export { listNotifications, type VoucherNotification } from './list-notifications.ts';
export { updateApplication } from './update-application.ts';
export { MAX_ATTACHMENT_BYTES } from '../../domain/vouchers/evidence.ts';
