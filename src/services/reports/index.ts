/**
 * Reports (docs/architecture.md#modules): the operator's budget dashboard — burn-down against
 * the fiscal year, the exhaustion forecast, the splits by district, industry, chip origin and
 * size — read from the ledger and the voucher rows.
 */
export { getBudgetDashboard, type BudgetDashboard } from './get-budget-dashboard.ts';
export type { SplitBucket, SplitDimension } from '../../domain/reports/budget-splits.ts';
export { splitLabel } from '../../domain/reports/split-labels.ts';
export { runLedgerVerification, type LedgerVerification } from './run-ledger-verification.ts';
export { listVoucherPrograms, type VoucherProgramEntry } from './list-voucher-programs.ts';
