import type { Database } from '../../db/client.ts';
import { CNY_LEDGER, ledgerIdFor, transferCodes } from '../../domain/vouchers/account-plan.ts';
import { transitionClaim } from '../../domain/vouchers/claim.ts';
import { checkClaimContractDates } from '../../domain/vouchers/contract-dates.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { isGrantUsable } from '../../domain/vouchers/grant.ts';
import { claimReservation } from '../../domain/vouchers/money-rules.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { getBalances } from '../ledger/index.ts';
import type { Actor } from '../authz/actor.ts';
import { evaluateClaim } from './support/claim-policy.ts';
import { completeEvidenceIfReady } from './support/evidence-state.ts';
import { runTransfers } from './support/ledger-step.ts';
import { isReservationPosted } from './support/close-grant.ts';
import { exhaustIfNothingLeft } from './support/exhaust-grant.ts';
import { moveClaim } from './support/move-claim.ts';
import { DeferredAudits } from './support/transitions.ts';
import { loadVoucherProgram } from './support/program-row.ts';
import { assertNotBlacklisted, loadClaim, loadGrant, type Claim } from './support/rows.ts';
import { authorizeVoucher } from './voucher-access.ts';

/** The contract term a claim's purchase may carry (stored as the claim was drafted). */
interface ContractTerm {
  contractStartsOn?: string;
  contractEndsOn?: string;
  contractTermMonths?: number;
}

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
    if (!isGrantUsable(grant.state, grant.expiresAt, now)) {
      throw new DomainError(
        grant.state === 'exhausted' ? 'INSUFFICIENT_BALANCE' : 'GRANT_EXPIRED',
        `grant is ${grant.state}`,
        { field: 'grantId', state: grant.state },
      );
    }
    await assertNotBlacklisted(tx, claim.enterpriseId, claim.programId, now);
    // The submission day is the claim date the policy is read for; drafts made before the
    // contract-date rule are held to it here too.
    const claimDate = shanghaiDayOf(now);
    const term = claim.purchase as ContractTerm;
    checkClaimContractDates(
      {
        signedOn: claim.contractSignedOn,
        startsOn: term.contractStartsOn,
        endsOn: term.contractEndsOn,
        termMonths: term.contractTermMonths,
      },
      claimDate,
    );
    const program = await loadVoucherProgram(tx, claim.programId);
    const purchaseFen = BigInt(String(claim.purchase.amountFen));
    const evaluation = await evaluateClaim({ tx, claim, amountFen: purchaseFen, date: claimDate });
    // What the grant has left, read before the ledger call: the grant account only moves under
    // the grant row lock we hold (an unclaimed grant still has its whole reservation pending).
    const posted = await isReservationPosted(tx, grant.id);
    const [balance] = posted ? await getBalances({ sql: tx, ids: [grant.accountId] }) : [];
    const availableFen = posted ? (balance?.availableFen ?? 0n) : grant.amountFen;
    const reservedFen = claimReservation(evaluation.subsidyFen, availableFen);
    if (reservedFen === 0n) {
      throw new DomainError('INSUFFICIENT_BALANCE', 'the grant has nothing left', {
        field: 'grantId',
      });
    }
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
        ...(posted
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
