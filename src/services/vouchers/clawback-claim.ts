import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { clawbackAction, transitionClaim } from '../../domain/vouchers/claim.ts';
import { CNY_LEDGER, ledgerIdFor, transferCodes } from '../../domain/vouchers/account-plan.ts';
import {
  claimOutstandingFen,
  clawbackAmounts,
  type ClawbackAmounts,
} from '../../domain/vouchers/money-rules.ts';
import type { NewTransfer } from '../ledger/index.ts';
import { blacklistEnterprise } from './blacklist-enterprise.ts';
import type { Actor } from '../authz/actor.ts';
import { returnUnused } from './support/close-grant.ts';
import { runTransfers } from './support/ledger-step.ts';
import { moveClaim, moveGrant } from './support/move-claim.ts';
import type { VoucherProgram } from './support/program-row.ts';
import { loadVoucherProgram } from './support/program-row.ts';
import { loadClaim, loadGrant, type Claim, type Grant } from './support/rows.ts';
import { authorizeVoucher } from './voucher-access.ts';

export interface ClawbackOptions {
  db: Database;
  claimId: string;
  /** Defaults to everything the claim still holds (redeemed or paid, less earlier clawbacks). */
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
 * Claws a redeemed or paid claim back (fraud, an upheld objection, a failed spot check), all of
 * what it still holds or a part (docs/vouchers.md#clawback):
 * - redeemed, not paid: payable → budget for the amount. A part leaves the claim redeemed with
 *   less to pay (the payout pays the rest; a later clawback or a reject can take it), so no fen
 *   stays in the payable without a claim that moves it.
 * - paid: paid-out → receivable (the recipient owes it back); a part leaves the claim paid.
 * Either way the penalty (`multiple` × amount, rounded down) goes penalty source → receivable.
 * Clawing back all the claim holds also withdraws its grant (the grant's unused amount returns
 * to the budget). Optionally the enterprise is blacklisted from the program. One transaction;
 * each clawback of a claim has its own deterministic transfer ids.
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
    // The state first: a claim that holds nothing (rejected, clawed back) is a 409, not a 400.
    transitionClaim(claim.state, 'claw_back', now);
    const outstandingFen = claimOutstandingFen(claim);
    const amounts = clawbackAmounts(
      outstandingFen,
      options.amountFen ?? outstandingFen,
      options.penaltyMultipleBps,
      claim.state === 'paid',
    );
    const action = clawbackAction(claim.state, outstandingFen, amounts.reversalFen);
    const sequence = await nextClawbackSequence(tx, claim.id);
    // Ledger first (reversal, penalty, the grant's unused amount), then the transitions and their
    // audit events: lock order ledger head, then audit head.
    await runTransfers({
      tx,
      now,
      transfers: clawbackTransfers(claim, program, amounts, sequence),
    });
    if (action === 'claw_back') await withdrawGrant({ tx, grant, program, actor, now, reason });
    const moved = await moveClaim({
      tx,
      claim,
      action,
      actor,
      now,
      reason,
      fields: { clawed_back_fen: claim.clawedBackFen + amounts.reversalFen },
    });
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

/** 1 for a claim's first clawback, 2 for its second…; the claim row is locked by the caller. */
async function nextClawbackSequence(tx: Sql, claimId: string): Promise<number> {
  const [row] = await tx.query<{ count: number }>(
    'select count(*)::int as count from voucher_clawbacks where claim_id = $1',
    [claimId],
  );
  return (row?.count ?? 0) + 1;
}

/** A claim clawed back whole takes its grant with it: the unused amount returns to the budget. */
async function withdrawGrant(options: {
  tx: Sql;
  grant: Grant;
  program: VoucherProgram;
  actor: Actor;
  now: Date;
  reason: string;
}): Promise<void> {
  const { tx, grant, program, actor, now, reason } = options;
  const grantOpen = grant.state === 'active' || grant.state === 'exhausted';
  const returnedFen = grantOpen
    ? await returnUnused({ tx, grant, program, step: 'close:claw_back', now })
    : 0n;
  if (grant.state === 'voided' || grant.state === 'clawed_back') return;
  await tx.query('update voucher_grants set returned_fen = returned_fen + $2 where id = $1', [
    grant.id,
    returnedFen,
  ]);
  await moveGrant({ tx, grant, action: 'claw_back', actor, now, reason });
}

function clawbackTransfers(
  claim: Claim,
  program: VoucherProgram,
  amounts: ClawbackAmounts,
  sequence: number,
): NewTransfer[] {
  const paid = claim.state === 'paid';
  // The first clawback keeps the ids it always had; later ones are numbered.
  const step = sequence === 1 ? 'clawback' : `clawback:${sequence}`;
  const transfers: NewTransfer[] = [
    {
      id: ledgerIdFor('claim', claim.id, `${step}:reversal`),
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
      id: ledgerIdFor('claim', claim.id, `${step}:penalty`),
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
