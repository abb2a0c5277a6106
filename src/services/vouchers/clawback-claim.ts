import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../db/client.ts';
import { transitionClaim } from '../../domain/vouchers/claim.ts';
import { CNY_LEDGER, ledgerIdFor, transferCodes } from '../../domain/vouchers/account-plan.ts';
import { clawbackAmounts, type ClawbackAmounts } from '../../domain/vouchers/money-rules.ts';
import type { NewTransfer } from '../ledger/index.ts';
import { blacklistEnterprise } from './blacklist-enterprise.ts';
import type { Actor } from '../authz/actor.ts';
import { returnUnused } from './support/close-grant.ts';
import { runTransfers } from './support/ledger-step.ts';
import { moveClaim, moveGrant } from './support/move-claim.ts';
import type { VoucherProgram } from './support/program-row.ts';
import { loadVoucherProgram } from './support/program-row.ts';
import { loadClaim, loadGrant, type Claim } from './support/rows.ts';
import { authorizeVoucher } from './voucher-access.ts';

export interface ClawbackOptions {
  db: Database;
  claimId: string;
  /** Defaults to everything the claim paid (or redeemed, when not paid yet). */
  amountFen?: bigint;
  /** Penalty as a multiple of the amount in basis points (10 000 = 1×); 0 = none. */
  penaltyMultipleBps: number;
  reason: string;
  /** Also bar the enterprise from the program. */
  blacklist: boolean;
  actor: Actor;
  now: Date;
}

/**
 * Claws a redeemed or paid claim back (fraud, an upheld objection, a failed spot check):
 * reverses what left the program — paid-out → receivable when it was paid (the recipient owes
 * it back), payable → budget when it was only redeemed — books the penalty (`multiple` ×
 * amount, rounded down) from the penalty account into the receivable, withdraws the grant
 * (its unused amount returns to the budget) and optionally blacklists the enterprise. All in one
 * transaction with deterministic transfer ids.
 *
 * @example
 * await clawbackClaim({ db, claimId, penaltyMultipleBps: 10_000, reason: 'related provider',
 *   blacklist: true, actor, now });
 */
export async function clawbackClaim(
  options: ClawbackOptions,
): Promise<{ claim: Claim; amounts: ClawbackAmounts }> {
  await authorizeVoucher(options.db, options.actor, 'claim.clawback', 'claim', options.claimId);
  const { actor, now } = options;
  const reason = options.reason.trim();
  return options.db.transaction(async (tx) => {
    const first = await loadClaim(tx, options.claimId);
    // Lock order everywhere: grant row, then claim row.
    const grant = await loadGrant(tx, first.grantId, true);
    const claim = await loadClaim(tx, options.claimId, true);
    const program = await loadVoucherProgram(tx, claim.programId);
    const basisFen = claim.state === 'paid' ? claim.paidFen : claim.redeemedFen;
    const amounts = clawbackAmounts(
      basisFen,
      options.amountFen ?? basisFen,
      options.penaltyMultipleBps,
    );
    transitionClaim(claim.state, 'claw_back', now);
    // Ledger first (reversal, penalty, the grant's unused amount), then the transitions and their
    // audit events: lock order ledger head, then audit head.
    await runTransfers({ tx, now, transfers: clawbackTransfers(claim, program, amounts) });
    const grantOpen = grant.state === 'active' || grant.state === 'exhausted';
    const returnedFen = grantOpen
      ? await returnUnused({ tx, grant, program, step: 'close:claw_back', now })
      : 0n;
    const moved = await moveClaim({
      tx,
      claim,
      action: 'claw_back',
      actor,
      now,
      reason,
      fields: { clawed_back_fen: amounts.reversalFen },
    });
    if (grant.state !== 'voided' && grant.state !== 'clawed_back') {
      await tx.query('update voucher_grants set returned_fen = returned_fen + $2 where id = $1', [
        grant.id,
        returnedFen,
      ]);
      await moveGrant({ tx, grant, action: 'claw_back', actor, now, reason });
    }
    await tx.query(
      `insert into voucher_clawbacks (id, claim_id, amount_fen, penalty_multiple_bps, penalty_fen,
         reason, blacklisted, created_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        uuidv7(),
        claim.id,
        amounts.reversalFen,
        options.penaltyMultipleBps,
        amounts.penaltyFen,
        reason,
        options.blacklist,
        actor.userId,
        now,
      ],
    );
    if (options.blacklist) {
      await blacklistEnterprise({
        sql: tx,
        enterpriseId: claim.enterpriseId,
        programId: claim.programId,
        reason,
        actor,
        now,
      });
    }
    return { claim: moved, amounts };
  });
}

function clawbackTransfers(
  claim: Claim,
  program: VoucherProgram,
  amounts: ClawbackAmounts,
): NewTransfer[] {
  const paid = claim.state === 'paid';
  const transfers: NewTransfer[] = [
    {
      id: ledgerIdFor('claim', claim.id, 'clawback:reversal'),
      debitAccountId: paid ? program.accounts.paidOut : program.accounts.payable,
      creditAccountId: paid ? program.accounts.receivable : program.accounts.budget,
      amountFen: amounts.reversalFen,
      ledger: CNY_LEDGER,
      code: transferCodes.clawbackReversal,
      userData: `claim:${claim.id}`,
    },
  ];
  if (amounts.penaltyFen > 0n) {
    transfers.push({
      id: ledgerIdFor('claim', claim.id, 'clawback:penalty'),
      debitAccountId: program.accounts.penalty,
      creditAccountId: program.accounts.receivable,
      amountFen: amounts.penaltyFen,
      ledger: CNY_LEDGER,
      code: transferCodes.clawbackPenalty,
      userData: `claim:${claim.id}`,
    });
  }
  return transfers;
}
