/** The gateway's money path (docs/gateway-money.md); the HTTP side imports from here. */
export { Meter, type MeterOptions } from './meter.ts';
export {
  Reservation,
  type CallCost,
  type CallOutcome,
  type MeterModel,
  type ReserveInput,
} from './reservation.ts';
export { depositToWallet, type DepositToWalletOptions } from './deposit-to-wallet.ts';
export { ensureWalletAccounts } from './wallet-accounts.ts';
/** The worst case of a call in µfen (the HTTP side checks a key's spend limits with it). */
export { worstCaseMicroFen } from '../../../domain/gateway/pricing.ts';
