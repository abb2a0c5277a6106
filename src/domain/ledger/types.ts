import type { DomainError } from '../shared/errors.ts';

/**
 * The ledger's public types (docs/architecture.md#the-ledger, TigerBeetle's model). The pure state machine that
 * applies a batch of transfers to account snapshots lives in `state-machine.ts`; the
 * validation of client input in `validate.ts`. Callers import all three through `index.ts`
 * (this file imports neither, so the state machine can import it without a loop).
 */

/** Limit flags of an account; at most one may be set. */
export interface AccountFlags {
  /** debitsPending + debitsPosted ≤ creditsPosted (a budget, a grant, a wallet: money held). */
  debitsMustNotExceedCredits?: boolean;
  /** creditsPending + creditsPosted ≤ debitsPosted (a liability that may not go positive). */
  creditsMustNotExceedDebits?: boolean;
}

export interface NewAccount {
  /** UUID; also the idempotency key of `createAccounts`. */
  id: string;
  /** Currency/unit of the account, e.g. 156 = CNY in fen. Transfers never cross ledgers. */
  ledger: number;
  /** Account kind (treasury, budget, grant, payable…), chosen by the caller. */
  code: number;
  flags?: AccountFlags;
  /** Free-text reference, e.g. `program:hangzhou-2025`. */
  userData?: string;
}

export interface Account extends Required<NewAccount> {
  flags: Required<AccountFlags>;
  debitsPendingFen: bigint;
  debitsPostedFen: bigint;
  creditsPendingFen: bigint;
  creditsPostedFen: bigint;
  createdAt: Date;
}

export type AccountResult =
  | { index: number; id: string; status: 'created' | 'exists' }
  | { index: number; id: string; status: 'failed'; error: DomainError };

export interface TransferFlags {
  /** Reserve: moves the amount into the pending counters until posted, voided or expired. */
  pending?: boolean;
  /** Posts the pending transfer `pendingId`, fully (amountFen 0) or partially. */
  postPending?: boolean;
  /** Voids the pending transfer `pendingId`, releasing the whole amount. */
  voidPending?: boolean;
  /** Links this transfer to the next one in the batch: the group succeeds or fails whole. */
  linked?: boolean;
}

export interface NewTransfer {
  /** UUID v7 made by the client; the idempotency key. */
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  /** > 0; on a post 0 means "the full pending amount", on a void 0 or the pending amount. */
  amountFen: bigint;
  ledger: number;
  /** Why the money moves (redemption, grant, refund…), chosen by the caller. */
  code: number;
  flags?: TransferFlags;
  /** The pending transfer a post or void resolves. */
  pendingId?: string;
  /** Pending only: seconds until it expires; 0 or omitted = never. */
  timeoutSeconds?: number;
  userData?: string;
}

/** What a stored transfer row did. `expire` rows are written by the ledger, never by clients. */
export type TransferKind = 'single' | 'pending' | 'post' | 'void' | 'expire';

/** A stored, immutable transfer. `amountFen` is the effective amount (a full post stores it). */
export interface Transfer {
  id: string;
  kind: TransferKind;
  debitAccountId: string;
  creditAccountId: string;
  amountFen: bigint;
  ledger: number;
  code: number;
  linked: boolean;
  pendingId: string | null;
  timeoutSeconds: number;
  userData: string;
  createdAt: Date;
  /** Position in the hash chain, gap-free from 1. 0 until written. */
  seq: bigint;
}

export type TransferResult =
  | { index: number; id: string; status: 'created' | 'exists' }
  | { index: number; id: string; status: 'failed'; error: DomainError };

/**
 * Balance views of one account, all derived from the four counters (credit-normal reading,
 * the way Suanli's money-holding accounts — budgets, grants, wallets — are funded):
 *
 * - `settledFen`   = creditsPosted − debitsPosted: money that has really arrived and left.
 * - `inFlightFen`  = debitsPending: reservations out of the account, not posted yet.
 * - `committedFen` = settled − inFlight: what remains once every reservation out is honoured
 *                    (incoming pending money, creditsPending, is not counted until posted).
 * - `availableFen` = creditsPosted − debitsPosted − debitsPending: what a new debit may take
 *                    from a `debitsMustNotExceedCredits` account (equals committed).
 *
 * Example: a grant funded with 1 000 fen, 300 reserved (pending), 200 posted out:
 * settled 800, inFlight 300, committed 500, available 500.
 * For debit-normal accounts (treasury source, payables) the values are negative.
 */
export interface AccountBalance {
  accountId: string;
  settledFen: bigint;
  inFlightFen: bigint;
  committedFen: bigint;
  availableFen: bigint;
}
