import type { Database } from '../../db/client.ts';
import { assert } from '../../domain/shared/assert.ts';
import { CNY_LEDGER, ledgerIdFor, transferCodes } from '../../domain/vouchers/account-plan.ts';
import { claimOutstandingFen } from '../../domain/vouchers/money-rules.ts';
import { assertPublishedForPayout } from '../publication/assert-published-for-payout.ts';
import type { Actor } from '../authz/actor.ts';
import { runTransfers } from './support/ledger-step.ts';
import { moveClaim } from './support/move-claim.ts';
import { DeferredAudits } from './support/transitions.ts';
import { loadVoucherProgram } from './support/program-row.ts';
import { loadClaim, type Claim } from './support/rows.ts';
import { authorizeVoucher } from './voucher-access.ts';

/**
 * Pays a redeemed claim out once its recipient list was published (公示) and the objection window
 * closed without an upheld objection: payable → paid-out for what the claim still holds (redeemed,
 * less a partial clawback before payout) — to the enterprise
 * (reimbursement) or to the provider, per the program's disbursement mode, which chose the
 * payable account when the program was activated.
 *
 * @example
 * const paid = await payoutClaim({ db, claimId, actor, now });
 */
export async function payoutClaim(options: {
  db: Database;
  claimId: string;
  actor: Actor;
  now: Date;
}): Promise<Claim> {
  await authorizeVoucher(options.db, options.actor, 'claim.payout', 'claim', options.claimId);
  const { actor, now } = options;
  return options.db.transaction(async (tx) => {
    const claim = await loadClaim(tx, options.claimId, true);
    const program = await loadVoucherProgram(tx, claim.programId);
    // What the claim still holds: a partial clawback before payout lowered it.
    const payableFen = claimOutstandingFen(claim);
    assert(payableFen > 0n || claim.state !== 'redeemed', 'payoutClaim: redeemed claim holds 0');
    // State row and transition first, the audit event after the ledger post (see redeemClaim).
    const audits = new DeferredAudits();
    const paid = await moveClaim({
      tx,
      claim,
      action: 'pay',
      actor,
      now,
      reason:
        program.disbursement === 'pay-provider'
          ? 'paid to the provider'
          : 'reimbursed to the enterprise',
      fields: { paid_fen: payableFen },
      deferred: audits,
    });
    // 公示 before payment: on a closed publication, no upheld objection (publication module).
    await assertPublishedForPayout({ sql: tx, claimId: claim.id, now });
    await runTransfers({
      tx,
      now,
      transfers: [
        {
          id: ledgerIdFor('claim', claim.id, 'payout'),
          debitAccountId: program.accounts.payable,
          creditAccountId: program.accounts.paidOut,
          amountFen: payableFen,
          ledger: CNY_LEDGER,
          code: transferCodes.payout,
          userData: `claim:${claim.id}`,
        },
      ],
    });
    await audits.flush();
    return paid;
  });
}
