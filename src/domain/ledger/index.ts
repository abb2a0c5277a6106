/**
 * The ledger's pure core (docs/architecture.md#the-ledger): its types, the validation of client
 * input and the state machine that applies a batch of transfers to account snapshots. Callers
 * import this module; the three files below import one another only in that order (types ←
 * validate ← state machine), never back.
 */
export type * from './types.ts';
export { validateNewAccount, validateNewTransfer, transferKindOf, isLedgerId } from './validate.ts';
export {
  applyTransferBatch,
  expirePendings,
  accountBalance,
  type AccountState,
  type PendingState,
  type BatchInput,
  type BatchOutcome,
} from './state-machine.ts';
