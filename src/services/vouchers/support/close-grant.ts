import type { Sql } from '../../../db/client.ts';
import { CNY_LEDGER, ledgerIdFor, transferCodes } from '../../../domain/vouchers/account-plan.ts';
import { transitionGrant } from '../../../domain/vouchers/grant.ts';
import { unusedOnClose } from '../../../domain/vouchers/money-rules.ts';
import { assert } from '../../../domain/shared/assert.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { createTransfers, getBalances, lookupTransfers } from '../../ledger/index.ts';
import type { Actor } from '../../authz/actor.ts';
import { runTransfers } from './ledger-step.ts';
import type { VoucherProgram } from './program-row.ts';
import { GRANT_COLUMNS, toGrant, type Grant } from './rows.ts';
import { recordStep } from './transitions.ts';

/** Whether the grant's reservation was posted (a claim was submitted against it). */
export async function isReservationPosted(tx: Sql, grantId: string): Promise<boolean> {
  const [post] = await lookupTransfers({ sql: tx, ids: [ledgerIdFor('grant', grantId, 'post')] });
  return post !== undefined;
}

/**
 * Returns what a closed (expired or voided) grant does not use any more to the budget: the whole
 * reservation while it is still pending (void; an already expired one was released by the
 * ledger), else the grant account's available balance (grant → budget). Claims already
 * submitted keep their reservation. Returns the amount given back.
 */
export async function returnUnused(options: {
  tx: Sql;
  grant: Grant;
  program: VoucherProgram;
  step: string;
  now: Date;
}): Promise<bigint> {
  const { tx, grant, program, now } = options;
  if (!(await isReservationPosted(tx, grant.id))) {
    const [result] = await createTransfers({
      sql: tx,
      now,
      transfers: [
        {
          id: ledgerIdFor('grant', grant.id, 'void'),
          debitAccountId: program.accounts.budget,
          creditAccountId: grant.accountId,
          amountFen: 0n,
          ledger: CNY_LEDGER,
          code: transferCodes.reserveGrant,
          flags: { voidPending: true },
          pendingId: grant.reservationTransferId,
        },
      ],
    });
    assert(result, 'returnUnused: no result for the void');
    // Timed out: the ledger wrote (or will write) its expire row, which released it all.
    const released =
      result.status !== 'failed' ||
      result.error.code === 'PENDING_EXPIRED' ||
      result.error.code === 'PENDING_ALREADY_RESOLVED';
    assert(
      released,
      `returnUnused: void refused: ${result.status === 'failed' ? result.error.code : ''}`,
    );
    return grant.amountFen;
  }
  const [balance] = await getBalances({ sql: tx, ids: [grant.accountId] });
  const unusedFen = unusedOnClose(balance?.availableFen ?? 0n);
  if (unusedFen > 0n) {
    await runTransfers({
      tx,
      now,
      transfers: [
        {
          id: ledgerIdFor('grant', grant.id, options.step),
          debitAccountId: grant.accountId,
          creditAccountId: program.accounts.budget,
          amountFen: unusedFen,
          ledger: CNY_LEDGER,
          code: transferCodes.returnUnused,
        },
      ],
    });
  }
  return unusedFen;
}

/** Expires or voids a grant (row already locked by the caller) and returns its unused amount. */
export async function closeGrant(options: {
  tx: Sql;
  grant: Grant;
  program: VoucherProgram;
  action: 'expire' | 'void' | 'claw_back';
  reason: string | null;
  actor: Actor;
  now: Date;
}): Promise<Grant> {
  const { tx, grant, action, now } = options;
  const step = transitionGrant(grant.state, action, now);
  if (action === 'expire' && now.getTime() < grant.expiresAt.getTime()) {
    throw new DomainError('INVALID_STATE_TRANSITION', 'grant has not reached its expiry', {
      field: 'state',
    });
  }
  const returnedFen = await returnUnused({ ...options, step: `close:${action}` });
  const [row] = await tx.query(
    `update voucher_grants set state = $2, returned_fen = returned_fen + $3, updated_at = $4
      where id = $1 returning ${GRANT_COLUMNS}`,
    [grant.id, step.to, returnedFen, now],
  );
  assert(row, 'closeGrant: grant vanished under its row lock');
  await recordStep(tx, { type: 'grant', id: grant.id, enterpriseId: grant.enterpriseId }, step, {
    action,
    actor: options.actor,
    now,
    reason: options.reason ?? `returned ${returnedFen} fen to the budget`,
    details: { returnedFen: returnedFen.toString() },
  });
  return toGrant(row);
}
