import type { Database } from '../../db/client.ts';
import { CNY_LEDGER, ledgerIdFor, transferCodes } from '../../domain/vouchers/account-plan.ts';
import { transitionClaim } from '../../domain/vouchers/claim.ts';
import { claimOutstandingFen } from '../../domain/vouchers/money-rules.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { runTransfers } from './support/ledger-step.ts';
import { moveClaim } from './support/move-claim.ts';
import { loadVoucherProgram } from './support/program-row.ts';
import { afterRelease } from './support/release-to-grant.ts';
import { loadClaim, loadGrant, type Claim } from './support/rows.ts';
import { authorizeVoucher } from './voucher-access.ts';

/**
 * A reviewer rejects a claim before payout (bad evidence, a failed check): before redemption its
 * reservation is voided; once redeemed, what it still holds in the payable goes back
 * (payable → grant). Either way the amount returns to the grant (or on to the budget if the grant
 * has closed), and the contract and invoice number are free again.
 */
export async function rejectClaim(options: {
  db: Database;
  claimId: string;
  reason: string;
  actor: Actor;
  now: Date;
}): Promise<Claim> {
  await authorizeVoucher(options.db, options.actor, 'claim.reject', 'claim', options.claimId);
  const { actor, now } = options;
  const reason = options.reason.trim();
  if (reason.length === 0 || reason.length > 2000) {
    throw new DomainError('VALIDATION_FAILED', 'reason: 1–2000 characters', { field: 'reason' });
  }
  return options.db.transaction(async (tx) => {
    const first = await loadClaim(tx, options.claimId);
    const grant = await loadGrant(tx, first.grantId, true);
    const claim = await loadClaim(tx, options.claimId, true);
    transitionClaim(claim.state, 'reject', now);
    const program = await loadVoucherProgram(tx, claim.programId);
    let releasedFen = claim.reservedFen;
    if (claim.state === 'redeemed') {
      releasedFen = claimOutstandingFen(claim);
      await runTransfers({
        tx,
        now,
        transfers: [
          {
            id: ledgerIdFor('claim', claim.id, 'reject:return'),
            debitAccountId: program.accounts.payable,
            creditAccountId: grant.accountId,
            amountFen: releasedFen,
            ledger: CNY_LEDGER,
            code: transferCodes.returnUnused,
            userData: `claim:${claim.id}`,
          },
        ],
      });
    } else if (claim.reservationTransferId !== null) {
      await runTransfers({
        tx,
        now,
        transfers: [
          {
            id: ledgerIdFor('claim', claim.id, 'void'),
            debitAccountId: grant.accountId,
            creditAccountId: program.accounts.payable,
            amountFen: 0n,
            ledger: CNY_LEDGER,
            code: transferCodes.reserveClaim,
            flags: { voidPending: true },
            pendingId: claim.reservationTransferId,
          },
        ],
      });
    }
    // Ledger before transitions (lock order: ledger head, then audit head).
    await afterRelease({
      tx,
      grant,
      claim,
      program,
      releasedFen,
      actor,
      now,
      // A redeemed claim may have swept its partial redemption's release already.
      sweepStep: claim.state === 'redeemed' ? 'sweep:reject' : 'sweep',
    });
    const rejected = await moveClaim({ tx, claim, action: 'reject', actor, now, reason });
    return rejected;
  });
}
