/** The ledger's services (docs/architecture.md#the-ledger); other modules import from here. */
export { createAccounts, type CreateAccountsOptions } from './create-accounts.ts';
export {
  createTransfers,
  MAX_TRANSFERS_PER_BATCH,
  type CreateTransfersOptions,
} from './create-transfers.ts';
export { lookupAccounts } from './lookup-accounts.ts';
export { lookupTransfers } from './lookup-transfers.ts';
export { getBalances } from './get-balances.ts';
export { listAccountTransfers } from './list-account-transfers.ts';
export { expirePendingTransfers } from './expire-pending-transfers.ts';
export { verifyLedger, type VerifyResult } from './verify-ledger.ts';
export { sumTransfersByTag, type TaggedFlow } from './sum-transfers-by-tag.ts';
export { dailyCounterChanges, type DailyCounterChange } from './daily-counter-changes.ts';
export { LedgerBatcher, type BatcherStats } from './ledger-batcher.ts';
export type {
  Account,
  AccountBalance,
  AccountFlags,
  AccountResult,
  NewAccount,
  NewTransfer,
  Transfer,
  TransferFlags,
  TransferResult,
} from '../../domain/ledger/index.ts';
