import type { Sql } from '../../../db/client.ts';
import { walletAccountIds } from '../../../domain/gateway/account-plan.ts';
import { authorize } from '../../authz/authorize.ts';
import type { Actor } from '../../authz/actor.ts';
import { lookupAccounts, sumTransfersByTag } from '../../ledger/index.ts';
import { accountBalance, type AccountBalance } from '../../../domain/ledger/index.ts';

/** Settled / in flight / committed of one account, in fen (see `AccountBalance`). */
export interface BalanceFigures {
  settledFen: bigint;
  /** Leased to gateway processes (and, for a grant, reserved by claims): pending debits. */
  inFlightFen: bigint;
  committedFen: bigint;
}

export interface GatewayBalances {
  enterpriseId: string;
  wallet: BalanceFigures & { accountId: string };
  vouchers: (BalanceFigures & { grantId: string; programId: string; accountId: string })[];
  /**
   * What calls may still spend, the same before and after gateway processes lease: the wallet's
   * settled balance (its only reservations out are gateway leases, still spendable by calls) plus
   * each model voucher's remainder — committed, plus its own reservation from the program budget
   * while no use has posted it yet, plus what gateway leases hold of it (claims' reservations are
   * not spendable by calls). It falls as calls are settled, never rises with a first lease.
   */
  spendableFen: bigint;
}

const zero: BalanceFigures = { settledFen: 0n, inFlightFen: 0n, committedFen: 0n };

function figures(balance: AccountBalance | undefined): BalanceFigures {
  if (!balance) return zero;
  return {
    settledFen: balance.settledFen,
    inFlightFen: balance.inFlightFen,
    committedFen: balance.committedFen,
  };
}

/**
 * An enterprise's MaaS money as it moves: its wallet and its model vouchers (active `model`
 * grants), each settled (what arrived less what left), in flight (leased to gateway processes
 * now, so calls in progress are covered) and committed (what new calls may still lease).
 * Straight from the ledger's counters: they move while calls run, as each process renews its
 * lease. A process's calls held within its lease are part of "in flight" until settled.
 *
 * @example
 * const balances = await getGatewayBalances({ sql, actor, enterpriseId, now });
 */
export async function getGatewayBalances(options: {
  sql: Sql;
  actor: Actor;
  enterpriseId: string;
  now: Date;
}): Promise<GatewayBalances> {
  const { sql, actor, enterpriseId, now } = options;
  authorize(actor, 'wallet.read', { tenantId: enterpriseId });
  const wallet = walletAccountIds(enterpriseId).wallet;
  const grants = await sql.query<{ id: string; program_id: string; account_id: string }>(
    `select g.id, g.program_id, g.account_id from voucher_grants g
       join voucher_applications a on a.id = g.application_id
      where g.enterprise_id = $1 and g.state = 'active' and g.expires_at > $2
        and a.planned_purchase->>'kind' = 'model'
      order by g.expires_at, g.id limit 100`,
    [enterpriseId, now],
  );
  const accounts = await lookupAccounts({ sql, ids: [wallet, ...grants.map((g) => g.account_id)] });
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const leased = await sumTransfersByTag({
    sql,
    accountIds: grants.map((grant) => grant.account_id),
    tagPrefix: 'gateway:',
    now,
  });
  let spendableFen = 0n;
  const vouchers = grants.map((grant) => {
    const account = byId.get(grant.account_id);
    const balance = figures(account && accountBalance(account));
    let remainingFen = balance.committedFen + (account?.creditsPendingFen ?? 0n);
    for (const flow of leased) {
      if (flow.accountId === grant.account_id) remainingFen += flow.debitsOpenPendingFen;
    }
    if (remainingFen > 0n) spendableFen += remainingFen;
    return {
      grantId: grant.id,
      programId: grant.program_id,
      accountId: grant.account_id,
      ...balance,
    };
  });
  const walletAccount = byId.get(wallet);
  const walletFigures = {
    accountId: wallet,
    ...figures(walletAccount && accountBalance(walletAccount)),
  };
  if (walletFigures.settledFen > 0n) spendableFen += walletFigures.settledFen;
  return { enterpriseId, wallet: walletFigures, vouchers, spendableFen };
}
