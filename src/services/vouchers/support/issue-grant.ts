import type { Sql } from '../../../db/client.ts';
import {
  CNY_LEDGER,
  accountCodes,
  grantAccountId,
  ledgerIdFor,
  transferCodes,
} from '../../../domain/vouchers/account-plan.ts';
import { MAX_TIMEOUT_SECONDS } from '../../../domain/ledger/validate.ts';
import { assert } from '../../../domain/shared/assert.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { createAccounts, type NewTransfer } from '../../ledger/index.ts';
import type { Actor } from '../../authz/actor.ts';
import { grantIdForApplication } from './grant-id.ts';
import { runTransfers } from './ledger-step.ts';
import type { VoucherProgram } from './program-row.ts';
import { GRANT_COLUMNS, toGrant, type Application, type Grant } from './rows.ts';
import { recordTransition, type DeferredAudits } from './transitions.ts';

/**
 * Makes the grant of an approved application, in the caller's transaction: a grant account and a
 * **pending** transfer budget → grant that times out at the grant's expiry
 * (docs/architecture.md#the-money-path). The grant id, its account id and the transfer id are
 * derived from the application id, so a retry cannot grant twice. Budget overshoot is impossible:
 * the budget account refuses debits beyond its credits (BUDGET_EXHAUSTED).
 */
export async function issueGrant(options: {
  tx: Sql;
  application: Application;
  program: VoucherProgram;
  amountFen: bigint;
  expiresAt: Date;
  actor: Actor;
  now: Date;
  /** Holds the audit event back (lock order, see recordTransition). */
  deferred?: DeferredAudits | undefined;
}): Promise<Grant> {
  const { tx, application, program, amountFen, expiresAt, now } = options;
  const timeoutSeconds = Math.ceil((expiresAt.getTime() - now.getTime()) / 1000);
  if (timeoutSeconds <= 0) {
    // Only an automatic grant of a program whose default expiry has passed gets here (a
    // reviewer's date is checked by grantExpiresAt first).
    throw new DomainError(
      'VALIDATION_FAILED',
      'expiresOn: the grant would expire before it is issued',
      {
        field: 'expiresOn',
      },
    );
  }
  // The grant's longest life (grant-lifetime.ts) is what keeps this within the ledger's limit.
  assert(
    timeoutSeconds <= MAX_TIMEOUT_SECONDS,
    `issueGrant: ${timeoutSeconds} s is past the ledger's longest reservation`,
  );
  const grantId = grantIdForApplication(application.id);
  const accountId = grantAccountId(grantId);
  const [account] = await createAccounts({
    sql: tx,
    accounts: [
      {
        id: accountId,
        ledger: CNY_LEDGER,
        code: accountCodes.grant,
        flags: { debitsMustNotExceedCredits: true },
        userData: `grant:${grantId}`,
      },
    ],
  });
  assert(account && account.status !== 'failed', 'issueGrant: grant account refused');
  const reservationId = ledgerIdFor('grant', grantId, 'reserve');
  const transfers: NewTransfer[] = [];
  if (program.budgetFen === null) {
    // No published pool: the treasury funds each grant as it is made.
    transfers.push({
      id: ledgerIdFor('grant', grantId, 'fund'),
      debitAccountId: program.accounts.treasury,
      creditAccountId: program.accounts.budget,
      amountFen,
      ledger: CNY_LEDGER,
      code: transferCodes.fundBudget,
      flags: { linked: true },
    });
  }
  transfers.push({
    id: reservationId,
    debitAccountId: program.accounts.budget,
    creditAccountId: accountId,
    amountFen,
    ledger: CNY_LEDGER,
    code: transferCodes.reserveGrant,
    flags: { pending: true },
    timeoutSeconds,
    userData: `grant:${grantId}`,
  });
  await runTransfers({
    tx,
    transfers,
    now,
    translate: { INSUFFICIENT_BALANCE: 'BUDGET_EXHAUSTED' },
  });
  const [row] = await tx.query(
    `insert into voucher_grants
       (id, application_id, program_id, enterprise_id, state, amount_fen, account_id,
        reservation_transfer_id, expires_at, created_at, updated_at)
     values ($1, $2, $3, $4, 'active', $5, $6, $7, $8, $9, $9)
     returning ${GRANT_COLUMNS}`,
    [
      grantId,
      application.id,
      application.programId,
      application.enterpriseId,
      amountFen,
      accountId,
      reservationId,
      expiresAt,
      now,
    ],
  );
  assert(row, 'issueGrant: insert returned no row');
  await recordTransition(
    tx,
    {
      entityType: 'grant',
      entityId: grantId,
      tenantId: application.enterpriseId,
      action: 'issue',
      from: null,
      to: 'active',
      at: now,
      details: { amountFen: amountFen.toString(), expiresAt: expiresAt.toISOString() },
    },
    options.actor,
    options.deferred,
  );
  return toGrant(row);
}
