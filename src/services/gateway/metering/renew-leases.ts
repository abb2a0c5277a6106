import type { Sql } from '../../../db/client.ts';
import {
  CNY_LEDGER,
  gatewayAccountCodes,
  modelServicePayableId,
} from '../../../domain/gateway/account-plan.ts';
import { MICRO_FEN_PER_FEN } from '../../../domain/gateway/pricing.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { createAccounts, createTransfers, getBalances } from '../../ledger/index.ts';
import type { EnterpriseLease, LeaseSnapshot, Renewal } from './lease.ts';

/** How a meter sizes and times its leases. */
export interface LeaseSettings {
  /** Fen a lease takes beyond what its calls asked for, per side (fewer top-ups). */
  sliceFen: bigint;
  /** Seconds a pending lease lives without renewal: how long a crashed process's lease is held. */
  timeoutSeconds: number;
}

/**
 * What a top-up may take: what calls asked for, plus a slice, within what the account has. The
 * slice is at most half of what is left once the calls have theirs: with a grant or a wallet
 * nearly spent, the first process to renew would otherwise lease all of it, and another gateway
 * process serving the same enterprise would bill its calls without the voucher (or refuse them)
 * while the money sat idle in the first one's lease. Halving leaves every process a share.
 */
export function topUpFen(wantedMicroFen: bigint, sliceFen: bigint, availableFen: bigint): bigint {
  if (availableFen <= 0n) return 0n;
  const wantedFen = (wantedMicroFen + MICRO_FEN_PER_FEN - 1n) / MICRO_FEN_PER_FEN;
  if (wantedFen >= availableFen) return availableFen;
  const halfOfSpare = (availableFen - wantedFen + 1n) / 2n;
  return wantedFen + (sliceFen < halfOfSpare ? sliceFen : halfOfSpare);
}

/** Creates the provider payables charged by these renewals (idempotent, cheap when they exist). */
export async function ensureProviderPayables(
  tx: Sql,
  providerIds: ReadonlySet<string>,
): Promise<void> {
  if (providerIds.size === 0) return;
  const results = await createAccounts({
    sql: tx,
    accounts: [...providerIds].sort().map((providerId) => ({
      id: modelServicePayableId(providerId),
      ledger: CNY_LEDGER,
      code: gatewayAccountCodes.modelServicePayable,
      userData: `gateway:provider:${providerId}`,
    })),
  });
  for (const result of results) {
    if (result.status === 'failed') throw result.error;
  }
}

/**
 * Renews one lease inside `tx`: tops it up by what its calls asked for (within the wallet's and
 * the grant's available balances and the program's voucher limit), settles what it billed and
 * leases the rest again. A top-up that loses a race for the balance is retried once without it,
 * which always fits: it only leases again what its own post released.
 */
export async function renewLease(
  tx: Sql,
  lease: EnterpriseLease,
  snapshot: LeaseSnapshot,
  settings: LeaseSettings,
  voucherLimitFen: bigint,
  now: Date,
): Promise<Renewal> {
  const topUp = { voucherFen: 0n, walletFen: 0n };
  const { wanted } = snapshot;
  const wants = wanted.walletFen > 0n || wanted.voucherFen > 0n || lease.generation === 0;
  if (wants && !snapshot.closing) {
    const ids = [lease.accounts.wallet, ...(lease.grant ? [lease.grant.accountId] : [])];
    const balances = await getBalances({ sql: tx, ids });
    const wallet = balances.find((b) => b.accountId === lease.accounts.wallet);
    topUp.walletFen = topUpFen(wanted.walletFen, settings.sliceFen, wallet?.availableFen ?? 0n);
    if (lease.grant) {
      const grant = balances.find((b) => b.accountId === lease.grant?.accountId);
      const available = grant?.availableFen ?? 0n;
      const limit = voucherLimitFen < available ? voucherLimitFen : available;
      topUp.voucherFen = topUpFen(wanted.voucherFen, settings.sliceFen, limit);
    }
  }
  let renewal = lease.planRenewal(snapshot, topUp, settings.timeoutSeconds);
  let results = await createTransfers({ sql: tx, transfers: renewal.transfers, now });
  let failed = results.find((result) => result.status === 'failed');
  if (failed && (topUp.walletFen > 0n || topUp.voucherFen > 0n)) {
    renewal = lease.planRenewal(
      snapshot,
      { voucherFen: 0n, walletFen: 0n },
      settings.timeoutSeconds,
    );
    results = await createTransfers({ sql: tx, transfers: renewal.transfers, now });
    failed = results.find((result) => result.status === 'failed');
  }
  if (failed) {
    // The lease ran out (the process stalled past its timeout) or the ledger refused: keep the
    // records and the lease as they are and try again; the error says why.
    const reasons = results.flatMap((result) =>
      result.status === 'failed' ? [result.error.code] : [],
    );
    throw new DomainError(
      'CONFLICT',
      `lease ${lease.leaseId} renewal refused: ${reasons.join(', ')}`,
      {
        leaseId: lease.leaseId,
        reasons,
      },
    );
  }
  return renewal;
}
