import type { Sql } from '../../../db/client.ts';
import { CNY_LEDGER, ledgerIdFor, transferCodes } from '../../../domain/vouchers/account-plan.ts';
import type { Actor } from '../../authz/actor.ts';
import { runTransfers } from './ledger-step.ts';
import { moveGrant } from './move-claim.ts';
import type { VoucherProgram } from './program-row.ts';
import type { Claim, Grant } from './rows.ts';
import type { DeferredAudits } from './transitions.ts';

/**
 * After a claim gave part or all of its reservation back to the grant (a partial redemption, a
 * rejection, before or after redemption): a closed grant (expired, voided, clawed back) sends it on to the budget at once, so
 * "expiry returns exactly the unused amount" holds also for money released later; an exhausted
 * grant becomes active again.
 */
export async function afterRelease(options: {
  tx: Sql;
  grant: Grant;
  claim: Claim;
  program: VoucherProgram;
  releasedFen: bigint;
  actor: Actor;
  now: Date;
  deferred?: DeferredAudits;
  /** The sweep's step name: a claim may release twice (partial redemption, then a reject). */
  sweepStep?: string;
}): Promise<void> {
  const { tx, grant, claim, program, releasedFen, actor, now } = options;
  if (releasedFen <= 0n) return;
  if (grant.state === 'exhausted') {
    await moveGrant({
      tx,
      grant,
      action: 'replenish',
      actor,
      now,
      ...(options.deferred ? { deferred: options.deferred } : {}),
      reason: `claim ${claim.id} released ${releasedFen} fen`,
    });
    return;
  }
  if (grant.state === 'active') return;
  await runTransfers({
    tx,
    now,
    transfers: [
      {
        id: ledgerIdFor('claim', claim.id, options.sweepStep ?? 'sweep'),
        debitAccountId: grant.accountId,
        creditAccountId: program.accounts.budget,
        amountFen: releasedFen,
        ledger: CNY_LEDGER,
        code: transferCodes.returnUnused,
        userData: `claim:${claim.id}`,
      },
    ],
  });
  await tx.query(
    'update voucher_grants set returned_fen = returned_fen + $2, updated_at = $3 where id = $1',
    [grant.id, releasedFen, now],
  );
}
