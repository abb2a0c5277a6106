import type { Database } from '../../db/client.ts';
import { CNY_LEDGER, ledgerIdFor, transferCodes } from '../../domain/vouchers/account-plan.ts';
import { transitionClaim } from '../../domain/vouchers/claim.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { decideClaimSubmission } from './support/claim-decision.ts';
import { loadClaim, loadGrant, type Claim } from './support/rows.ts';
import { completeEvidenceIfReady } from './support/evidence-state.ts';
import { runTransfers } from './support/ledger-step.ts';
import { exhaustIfNothingLeft } from './support/exhaust-grant.ts';
import { moveClaim } from './support/move-claim.ts';
import { DeferredAudits } from './support/transitions.ts';
import { loadVoucherProgram } from './support/program-row.ts';
import { authorizeVoucher } from './voucher-access.ts';

/**
 * Submits a drafted claim: the contract must be signed by today (Asia/Shanghai, the claim date)
 * and its term possible (CONTRACT_DATE_AFTER_CLAIM, CONTRACT_TERM_INVALID); the policy is
 * evaluated on the contract's purchase (related-party provider, double subsidy and stacking,
 * caps), and the subsidy — capped by what the grant has
 * left — is reserved in the ledger: the grant's own reservation is posted (budget → grant, if
 * still pending) and a pending transfer grant → payable holds the claim's amount (in flight)
 * until redemption. One transaction; deterministic transfer ids.
 *
 * @example
 * const claim = await submitClaim({ db, claimId, enterpriseId, actor, now });
 * claim.reservedFen // the subsidy in flight
 */
export async function submitClaim(options: {
  db: Database;
  claimId: string;
  enterpriseId: string;
  actor: Actor;
  now: Date;
}): Promise<Claim> {
  await authorizeVoucher(options.db, options.actor, 'claim.submit', 'claim', options.claimId);
  const { actor, now } = options;
  return options.db.transaction(async (tx) => {
    const first = await loadClaim(tx, options.claimId);
    if (first.enterpriseId !== options.enterpriseId) {
      throw new DomainError('NOT_FOUND', 'claim not found', { field: 'claimId' });
    }
    // Lock order everywhere: grant row, then claim row.
    let grant = await loadGrant(tx, first.grantId, true);
    const claim = await loadClaim(tx, options.claimId, true);
    transitionClaim(claim.state, 'submit', now);
    const { evaluation, reservationPosted, availableFen, reservedFen } =
      await decideClaimSubmission(tx, { grant, claim, now });
    const program = await loadVoucherProgram(tx, claim.programId);
    // State rows first, audit events held back, then one ledger batch (post the grant's
    // reservation if still pending, reserve the claim): a short critical section.
    const audits = new DeferredAudits();
    const reservationId = ledgerIdFor('claim', claim.id, 'reserve');
    let submitted = await moveClaim({
      tx,
      claim,
      action: 'submit',
      actor,
      now,
      fields: {
        reserved_fen: reservedFen,
        reservation_transfer_id: reservationId,
        policy_trace: JSON.stringify(evaluation.trace),
      },
      deferred: audits,
    });
    grant = await exhaustIfNothingLeft({
      tx,
      grant,
      availableFen: availableFen - reservedFen,
      actor,
      now,
      deferred: audits,
    });
    await runTransfers({
      tx,
      now,
      translate: { PENDING_EXPIRED: 'GRANT_EXPIRED', PENDING_ALREADY_RESOLVED: 'GRANT_EXPIRED' },
      transfers: [
        ...(reservationPosted
          ? []
          : [
              {
                id: ledgerIdFor('grant', grant.id, 'post'),
                debitAccountId: program.accounts.budget,
                creditAccountId: grant.accountId,
                amountFen: 0n,
                ledger: CNY_LEDGER,
                code: transferCodes.reserveGrant,
                flags: { postPending: true },
                pendingId: grant.reservationTransferId,
              },
            ]),
        {
          id: reservationId,
          debitAccountId: grant.accountId,
          creditAccountId: program.accounts.payable,
          amountFen: reservedFen,
          ledger: CNY_LEDGER,
          code: transferCodes.reserveClaim,
          flags: { pending: true },
          userData: `claim:${claim.id}`,
        },
      ],
    });
    await audits.flush();
    submitted = await completeEvidenceIfReady(tx, submitted, actor, now);
    return submitted;
  });
}
