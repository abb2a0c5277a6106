/**
 * The voucher lifecycle (docs/vouchers.md, docs/architecture.md#the-money-path): applications,
 * review, grants, claims, payout, expiry, clawback.
 */
export { activateProgram } from './activate-program.ts';
export { createApplication } from './create-application.ts';
export type { PlannedPurchase } from './support/precheck-application.ts';
export { submitApplication, type SubmitApplicationResult } from './submit-application.ts';
export { reviewApplication, type ReviewDecision } from './review-application.ts';
export { withdrawApplication } from './withdraw-application.ts';
export { voidGrant } from './void-grant.ts';
export { expireGrants } from './expire-grants.ts';
export { listExpiryWarnings, type ExpiryWarning } from './list-expiry-warnings.ts';
export { createClaim, type ClaimPurchase } from './create-claim.ts';
export { purchaseProjectOf, type PurchaseProject } from './support/purchase-project.ts';
export { addClaimAttachment, type AttachmentInput } from './add-claim-attachment.ts';
export {
  listClaimAttachments,
  readClaimAttachment,
  type AttachmentFile,
  type AttachmentRecord,
  type AttachmentSummary,
} from './claim-attachments.ts';
export { submitClaim } from './submit-claim.ts';
export { previewClaim, type ClaimPreview } from './preview-claim.ts';
export { redeemClaim } from './redeem-claim.ts';
export { rejectClaim } from './reject-claim.ts';
export { payoutClaim } from './payout-claim.ts';
export { clawbackClaim } from './clawback-claim.ts';
export { reconcileVouchers, type ReconciliationReport } from './reconcile-vouchers.ts';
export type { ReconciliationFinding } from '../../domain/vouchers/reconciliation.ts';
export { blacklistEnterprise, type BlacklistEntry } from './blacklist-enterprise.ts';
export { assertProgramOfOperator, operatorProgramsSql } from '../programs/program-owner.ts';
export { getApplication, getGrant, getClaim, type ClaimDetail } from './get-voucher-entities.ts';
export { riskFlagsFor, type RiskFlagView } from './support/risk-flags.ts';
export type { ClaimInvoice } from './support/invoice-identity.ts';
export type { ClaimPayment } from './support/payment-evidence.ts';
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
  type LedgerAccountName,
  type ProgramBudget,
} from './get-balances.ts';
export { cliActor, systemActor, type Actor } from '../authz/actor.ts';
export {
  authorizeProgram,
  authorizeVoucher,
  voucherFilter,
  type VoucherEntity,
  type VoucherFilter,
} from './voucher-access.ts';
export type { Application, Grant, Claim } from './support/rows.ts';
export type { TransitionView } from './support/transitions.ts';
export type { VoucherProgram } from './support/program-row.ts';
export { grantIdForApplication } from './support/grant-id.ts';
export { scheduleVoucherJobs, type VoucherJobRun } from './schedule-voucher-jobs.ts';
export { listNotifications, type VoucherNotification } from './list-notifications.ts';
export { updateApplication } from './update-application.ts';
export { addApplicationAttachment } from './add-application-attachment.ts';
export { getBudgetLeft, type BudgetLeft } from './get-budget-left.ts';
export {
  listApplicationAttachments,
  readApplicationAttachment,
  type ApplicationAttachmentRecord,
} from './application-attachments.ts';
export { MAX_ATTACHMENT_BYTES } from '../../domain/vouchers/evidence.ts';
export { declaredContracts, type DeclaredContracts } from './declared-contracts.ts';
export {
  getCalculatorContext,
  type CalculatorContext,
  type ProgramYearToDate,
} from './get-calculator-context.ts';
