import { v5 as uuidv5 } from 'uuid';
import { accountCodesOf, CNY_LEDGER, transferCodesOf } from '../ledger/account-codes.ts';

/**
 * The compute exchange's ledger accounts (docs/architecture.md#the-account-plan), on ledger 156
 * (CNY, fen), in the exchange's blocks of the code registry: 55xx accounts, 56xx transfers.
 *
 * Money flows ("A → B" debits A and credits B):
 *
 *   enterprise receivable ──usage settled (the enterprise's share)──► provider payable
 *   provider payable ──payout (on the schedule)──► provider paid out
 *
 * The platform clears the exchange: a signed usage report books what the enterprise owes
 * (its receivable, debit-normal: what it owes shows as a negative balance) to the provider's
 * payable, and the payout run pays the provider what is payable. The subsidy never passes
 * through these accounts: a pay-the-provider program's share is a voucher claim (reserved at
 * order time grant → the program's provider payable 5105, redeemed and paid out by the voucher
 * lifecycle after 公示), and a reimbursement program's share is recorded on the order for the
 * enterprise's later claim. An enterprise wallet (gateway, 53xx) may later settle the
 * receivable.
 */
export { CNY_LEDGER };

export const exchangeAccountCodes = accountCodesOf('exchange', {
  /** One per enterprise: what it owes for compute used (debit-normal, no limit). */
  enterpriseReceivable: 5501,
  /** One per provider: what the platform owes it; debits ≤ credits, so a payout never overpays. */
  providerPayable: 5502,
  /** One per provider: what was paid to it. */
  providerPaidOut: 5503,
} as const);

export const exchangeTransferCodes = transferCodesOf('exchange', {
  /** A usage report's enterprise share, receivable → payable. */
  usageSettled: 5601,
  /** A scheduled payout, payable → paid out. */
  providerPayout: 5602,
} as const);

// Fixed namespace for exchange ledger ids (a random UUID chosen once; never change it).
const EXCHANGE_NAMESPACE = '9e3c1d52-7b0a-4f8e-a6d4-2c5b8e1f0a37';

/** A deterministic ledger id for a step of an exchange entity: retries find the same transfer. */
export function exchangeLedgerId(entity: string, entityId: string, step: string): string {
  return uuidv5(`${entity}:${entityId}:${step}`, EXCHANGE_NAMESPACE);
}

export function enterpriseReceivableId(enterpriseId: string): string {
  return exchangeLedgerId('enterprise', enterpriseId, 'receivable');
}

export function providerAccountIds(providerId: string): { payable: string; paidOut: string } {
  return {
    payable: exchangeLedgerId('provider', providerId, 'payable'),
    paidOut: exchangeLedgerId('provider', providerId, 'paidOut'),
  };
}
