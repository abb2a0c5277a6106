import { v5 as uuidv5 } from 'uuid';
import { accountCodesOf, CNY_LEDGER, transferCodesOf } from '../ledger/account-codes.ts';

/**
 * The gateway's ledger account plan (docs/gateway-money.md, docs/architecture.md#the-account-plan):
 * 53xx accounts, 54xx transfers on ledger 156 (CNY, in fen). Codes are stable: reports and
 * `suanli ledger` listings read them, so never renumber.
 *
 * Money flows ("A → B" debits A and credits B):
 *
 *   deposits (per enterprise) ──deposit 5401──► wallet (per enterprise)
 *   wallet ──wallet lease 5402 (pending, times out)──► lease holding (per enterprise)
 *   lease holding ──model charge 5403──► model-service payable (per provider)
 *   grant (5103) ──voucher lease 5404 (pending, times out)──► the program's payable (5104/5105)
 *
 * A lease is a pending transfer a gateway process holds for a while: it spends it in memory and
 * regularly posts what it billed (a partial post resolves the pending transfer) and at once
 * leases the rest again (a new pending transfer, linked to the post), so a live process keeps its
 * lease and a dead one's times out back to the wallet or the grant. The voucher's share stays in
 * the program's accounts (grant → the program's payable), so the program's identity — budget +
 * grants + payables + paid + owed back = funded — holds with MaaS as with claims; the wallet's
 * share goes to the provider of the model. Deposits are the enterprise's own money recorded by an
 * operator; the deposit account is debit-normal (it goes negative by what was deposited).
 */
export { CNY_LEDGER };

export const gatewayAccountCodes = accountCodesOf('gateway', {
  /** The enterprise's own money for model calls: debitsMustNotExceedCredits. */
  wallet: 5301,
  /** Where an enterprise's deposits come from (debit-normal: −Σ deposits). */
  walletDeposits: 5302,
  /** Wallet money leased to gateway processes, passing through to the providers. */
  leaseHolding: 5303,
  /** What the platform owes a model-service provider for calls paid from wallets. */
  modelServicePayable: 5304,
} as const);

export const gatewayTransferCodes = transferCodesOf('gateway', {
  /** An operator recorded money the enterprise paid in. */
  walletDeposit: 5401,
  /** A wallet lease (pending wallet → holding), its partial posts and voids. */
  walletLease: 5402,
  /** Billed model calls: holding → the provider's payable. */
  modelCharge: 5403,
  /** A voucher lease (pending grant → program payable), its partial posts and voids. */
  voucherLease: 5404,
} as const);

// Fixed namespace for gateway ledger ids (a random UUID chosen once; never change it).
const GATEWAY_NAMESPACE = '8d3f2c61-4b0e-4f7a-a5d9-2e6c1b7f9a43';

/** A deterministic ledger id, e.g. `('lease', leaseId, 'wallet:3')`: a retry finds its transfer. */
export function gatewayLedgerId(entity: string, entityId: string, step: string): string {
  return uuidv5(`${entity}:${entityId}:${step}`, GATEWAY_NAMESPACE);
}

export interface WalletAccountIds {
  wallet: string;
  deposits: string;
  holding: string;
}

/** The wallet accounts of an enterprise (deterministic: creating them again is a no-op). */
export function walletAccountIds(enterpriseId: string): WalletAccountIds {
  return {
    wallet: gatewayLedgerId('enterprise', enterpriseId, 'wallet'),
    deposits: gatewayLedgerId('enterprise', enterpriseId, 'deposits'),
    holding: gatewayLedgerId('enterprise', enterpriseId, 'lease-holding'),
  };
}

/** The model-service payable of a provider. */
export function modelServicePayableId(providerId: string): string {
  return gatewayLedgerId('provider', providerId, 'model-service-payable');
}

/** The `userData` tag of a lease's transfers (`sumTransfersByTag` reads the `gateway:` prefix). */
export function leaseTag(leaseId: string): string {
  return `gateway:lease:${leaseId}`;
}
