import type { Database } from '../../db/client.ts';
import { CNY_LEDGER, transferCodes, ledgerIdFor } from '../../domain/vouchers/account-plan.ts';
import { transitionClaim } from '../../domain/vouchers/claim.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { redemptionAmount } from '../../domain/vouchers/money-rules.ts';
import { assert } from '../../domain/shared/assert.ts';
import { minFen } from '../../domain/shared/money.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { evaluateClaim, submissionDate } from './support/claim-policy.ts';
import { runTransfers } from './support/ledger-step.ts';
import { moveClaim } from './support/move-claim.ts';
import { DeferredAudits } from './support/transitions.ts';
import { loadVoucherProgram } from './support/program-row.ts';
import { afterRelease } from './support/release-to-grant.ts';
import { assertNotBlacklisted, loadClaim, loadGrant, type Claim } from './support/rows.ts';
import { authorizeVoucher } from './voucher-access.ts';

/**
 * Redeems a claim whose evidence is complete: the policy is re-evaluated on the final amounts
 * (the smaller of invoiced and paid), and the claim's pending reservation is posted for that
 * subsidy — never more than reserved (a partial post releases the rest to the grant, or on to
 * the budget when the grant has closed meanwhile). One transaction; deterministic transfer ids.
 *
 * @example
 * const claim = await redeemClaim({ db, claimId, actor, now });
 * claim.redeemedFen // settled subsidy, now payable
 */
export async function redeemClaim(options: {
  db: Database;
  claimId: string;
  actor: Actor;
  now: Date;
}): Promise<Claim> {
  await authorizeVoucher(options.db, options.actor, 'claim.redeem', 'claim', options.claimId);
  const { actor, now } = options;
  return options.db.transaction(async (tx) => {
    const first = await loadClaim(tx, options.claimId);
    const grant = await loadGrant(tx, first.grantId, true);
    const claim = await loadClaim(tx, options.claimId, true);
    transitionClaim(claim.state, 'redeem', now);
    await assertNotBlacklisted(tx, claim.enterpriseId, claim.programId, now);
    assert(
      claim.invoiceAmountFen !== null &&
        claim.paidAmountFen !== null &&
        claim.reservationTransferId !== null,
      'redeemClaim: evidence_complete claim without amounts or reservation',
    );
    const finalFen = minFen(claim.invoiceAmountFen, claim.paidAmountFen);
    const date = (await submissionDate(tx, claim.id)) ?? shanghaiDayOf(now);
    const evaluation = await evaluateClaim({ tx, claim, amountFen: finalFen, date });
    const redeemedFen = redemptionAmount(claim.reservedFen, evaluation.subsidyFen);
    if (redeemedFen === 0n) {
      throw new DomainError('POLICY_REJECTED', 'no subsidy on the final amounts', {
        trace: evaluation.trace,
      });
    }
    const program = await loadVoucherProgram(tx, claim.programId);
    // State row and transition first, the audit event held back: from the ledger post (hot
    // payable account, ledger chain head) to the commit only the audit event remains.
    const audits = new DeferredAudits();
    const redeemed = await moveClaim({
      tx,
      claim,
      action: 'redeem',
      actor,
      now,
      reason: `final amount ${finalFen} fen, subsidy ${evaluation.subsidyFen} fen, redeemed ${redeemedFen} fen`,
      fields: { redeemed_fen: redeemedFen, policy_trace: JSON.stringify(evaluation.trace) },
      deferred: audits,
    });
    await runTransfers({
      tx,
      now,
      transfers: [
        {
          id: ledgerIdFor('claim', claim.id, 'redeem'),
          debitAccountId: grant.accountId,
          creditAccountId: program.accounts.payable,
          amountFen: redeemedFen,
          ledger: CNY_LEDGER,
          code: transferCodes.reserveClaim,
          flags: { postPending: true },
          pendingId: claim.reservationTransferId,
          userData: `claim:${claim.id}`,
        },
      ],
    });
    await afterRelease({
      tx,
      grant,
      claim,
      program,
      releasedFen: claim.reservedFen - redeemedFen,
      actor,
      now,
      deferred: audits,
    });
    // Lock order: ledger head, then audit head.
    await audits.flush();
    return redeemed;
  });
}
