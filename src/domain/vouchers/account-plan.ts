import { v5 as uuidv5 } from 'uuid';
import { accountCodesOf, CNY_LEDGER, transferCodesOf } from '../ledger/account-codes.ts';

/**
 * The voucher module's ledger account plan (docs/architecture.md#the-account-plan). Every program gets one set of accounts,
 * every grant one account; all on ledger 156 (CNY, in fen). Codes are stable: reports and
 * `suanli ledger` listings read them, so never renumber. They lie in the vouchers' blocks of the
 * ledger's code registry (src/domain/ledger/account-codes.ts): 51xx accounts, 52xx transfers.
 *
 * Money flows (credit-normal accounts hold money; "A → B" debits A and credits B):
 *
 *   treasury ──fund──► budget ──grant (pending until claimed)──► grant
 *   grant ──claim (pending until redeemed)──► payable ──payout──► paid-out
 *   grant ──expiry/void (unused)──► budget
 *   clawback: receivable ──reversal──► paid-out (the paid amount is owed back),
 *             receivable ──penalty (multiple × amount)──► penalty income
 */
export { CNY_LEDGER };

export const accountCodes = accountCodesOf('vouchers', {
  /** Funding source of a program: the fiscal allocation, unlimited (debit-normal). */
  programTreasury: 5101,
  /** The program-year budget: debitsMustNotExceedCredits, so grants never overshoot it. */
  programBudget: 5102,
  /** One per grant: the voucher's money; debitsMustNotExceedCredits. */
  grant: 5103,
  /** Reimbursements owed to enterprises (Beijing-style "reimburse after payment"). */
  enterpriseReimbursementPayable: 5104,
  /** Subsidy owed to providers (Wuhan/Yangzhou "discount at the point of sale"). */
  providerPayable: 5105,
  /** What left the program to enterprises or providers. */
  paidOut: 5106,
  /** Amounts clawed back and penalties: what recipients owe the program (debit-normal). */
  clawbackReceivable: 5107,
  /** Penalties (multiple × amount) charged on clawback. */
  penaltyIncome: 5108,
} as const);

export const transferCodes = transferCodesOf('vouchers', {
  fundBudget: 5201,
  reserveGrant: 5202,
  reserveClaim: 5203,
  returnUnused: 5204,
  payout: 5205,
  clawbackReversal: 5206,
  clawbackPenalty: 5207,
} as const);

export type ProgramAccountRole =
  'treasury' | 'budget' | 'payable' | 'paidOut' | 'receivable' | 'penalty';

// Fixed namespace for Suanli voucher ids (a random UUID chosen once; never change it).
const VOUCHER_NAMESPACE = '5c0b6f3e-2a7d-4e55-9c1f-7a3e8d2b9f10';

/**
 * A deterministic ledger id for a step of an entity, e.g. `('claim', id, 'redeem')`: a retry of
 * the same step makes the same transfer id, so the ledger answers `exists` instead of moving
 * the money twice.
 */
export function ledgerIdFor(entity: string, entityId: string, step: string): string {
  return uuidv5(`${entity}:${entityId}:${step}`, VOUCHER_NAMESPACE);
}

/** The account ids of a program (deterministic, so creating them is idempotent). */
export function programAccountIds(programId: string): Record<ProgramAccountRole, string> {
  const id = (role: ProgramAccountRole): string => ledgerIdFor('program', programId, role);
  return {
    treasury: id('treasury'),
    budget: id('budget'),
    payable: id('payable'),
    paidOut: id('paidOut'),
    receivable: id('receivable'),
    penalty: id('penalty'),
  };
}

/** The ledger account of a grant. */
export function grantAccountId(grantId: string): string {
  return ledgerIdFor('grant', grantId, 'account');
}

/** The program's disbursement modes (as in the policy's program definition). */
export type PayableMode = 'reimburse-enterprise' | 'pay-provider';

/** The payable account's code follows the program's disbursement mode. */
export function payableCode(mode: PayableMode): number {
  return mode === 'pay-provider'
    ? accountCodes.providerPayable
    : accountCodes.enterpriseReimbursementPayable;
}
