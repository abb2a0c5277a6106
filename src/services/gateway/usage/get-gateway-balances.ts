import type { Sql } from '../../../db/client.ts';
import { walletAccountIds } from '../../../domain/gateway/account-plan.ts';
import { authorize } from '../../authz/authorize.ts';
import type { Actor } from '../../authz/actor.ts';
import { getBalances, type AccountBalance } from '../../ledger/index.ts';

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
  /** What calls may still spend: the wallet's and the model vouchers' committed balances. */
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
  const balances = await getBalances({ sql, ids: [wallet, ...grants.map((g) => g.account_id)] });
  const byId = new Map(balances.map((balance) => [balance.accountId, balance]));
  const vouchers = grants.map((grant) => ({
    grantId: grant.id,
    programId: grant.program_id,
    accountId: grant.account_id,
    ...figures(byId.get(grant.account_id)),
  }));
  const walletFigures = { accountId: wallet, ...figures(byId.get(wallet)) };
  let spendableFen = walletFigures.committedFen > 0n ? walletFigures.committedFen : 0n;
  for (const voucher of vouchers)
    if (voucher.committedFen > 0n) spendableFen += voucher.committedFen;
  return { enterpriseId, wallet: walletFigures, vouchers, spendableFen };
}
