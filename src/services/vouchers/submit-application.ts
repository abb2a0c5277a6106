import type { Database, Sql } from '../../db/client.ts';
import { transitionApplication } from '../../domain/vouchers/application.ts';
import { endOfShanghaiDay } from '../../domain/shared/calendar.ts';
import { automaticGrantExpiry } from '../../domain/vouchers/grant-lifetime.ts';
import { getBalances } from '../ledger/index.ts';
import type { Actor } from '../authz/actor.ts';
import { moveApplication } from './support/decide-application.ts';
import { issueGrant } from './support/issue-grant.ts';
import { loadVoucherProgram, type VoucherProgram } from './support/program-row.ts';
import type { DeferredAudits } from './support/transitions.ts';
import {
  assertNotBlacklisted,
  loadApplication,
  type Application,
  type Grant,
} from './support/rows.ts';
import { authorizeVoucher } from './voucher-access.ts';

export interface SubmitApplicationResult {
  application: Application;
  /** The grant, when the program's allocation approved it at once (automatic, first-come). */
  grant: Grant | null;
}

/**
 * Submits a draft or returned application. It gets an arrival number; in a review program it
 * waits for a reviewer. In automatic and first-come programs it is decided at once, under a
 * per-program advisory lock so decisions happen one at a time in arrival order: approved for the
 * requested amount while the budget has it, otherwise rejected (never over the budget: the
 * ledger's budget account is the backstop).
 *
 * @example
 * const { application, grant } = await submitApplication({ db, applicationId, actor, now });
 */
export async function submitApplication(options: {
  db: Database;
  applicationId: string;
  actor: Actor;
  now: Date;
}): Promise<SubmitApplicationResult> {
  await authorizeVoucher(
    options.db,
    options.actor,
    'application.submit',
    'application',
    options.applicationId,
  );
  return options.db.transaction((tx) => submitApplicationInTransaction(tx, options));
}

/**
 * `submitApplication` in the caller's transaction. `deferred`: the audit events are held there
 * for the caller to flush after its last ledger call — for a transaction that recorded audit
 * events before this (createApplication with `submit`), since the ledger here must lock its
 * chain head before the audit chain head is locked (see recordAudit).
 */
export async function submitApplicationInTransaction(
  tx: Sql,
  options: { applicationId: string; actor: Actor; now: Date },
  deferred?: DeferredAudits,
): Promise<SubmitApplicationResult> {
  const { actor, now } = options;
  const application = await loadApplication(tx, options.applicationId, true);
  const program = await loadVoucherProgram(tx, application.programId);
  await assertNotBlacklisted(tx, application.enterpriseId, application.programId, now);
  if (program.allocation === 'review') {
    const submitted = await moveApplication({
      tx,
      application,
      action: 'submit',
      actor,
      now,
      arrivalSeq: true,
      deferred,
    });
    return { application: submitted, grant: null };
  }
  // Serialises allocation per program: the arrival number is drawn under the lock, so the
  // order of numbers is the order of decisions.
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [
    `voucher-allocation:${program.programId}`,
  ]);
  return allocate(tx, application, program, actor, now, deferred);
}

/**
 * Decides a submitted application of an automatic or first-come program. The ledger moves first,
 * then the transitions and their audit events (lock order: ledger head before audit head).
 */
async function allocate(
  tx: Sql,
  application: Application,
  program: VoucherProgram,
  actor: Actor,
  now: Date,
  deferred: DeferredAudits | undefined,
): Promise<SubmitApplicationResult> {
  transitionApplication(application.state, 'submit', now);
  const [budget] = await getBalances({ sql: tx, ids: [program.accounts.budget] });
  const remainingFen = program.budgetFen === null ? application.requestedFen : budget?.availableFen;
  if (remainingFen === undefined || remainingFen < application.requestedFen) {
    const submitted = await moveApplication({
      tx,
      application,
      action: 'submit',
      actor,
      now,
      arrivalSeq: true,
      deferred,
    });
    const rejected = await moveApplication({
      tx,
      application: submitted,
      action: 'reject',
      actor,
      now,
      reason: `budget exhausted (${program.allocation}): ${remainingFen ?? 0n} fen left`,
      deferred,
    });
    return { application: rejected, grant: null };
  }
  const grant = await issueGrant({
    tx,
    application,
    program,
    amountFen: application.requestedFen,
    expiresAt: endOfShanghaiDay(automaticGrantExpiry(program.defaultGrantExpiresOn, now)),
    actor,
    now,
    deferred,
  });
  const submitted = await moveApplication({
    tx,
    application,
    action: 'submit',
    actor,
    now,
    arrivalSeq: true,
    deferred,
  });
  const approved = await moveApplication({
    tx,
    application: submitted,
    action: 'approve',
    actor,
    now,
    reason: `approved automatically (${program.allocation})`,
    approvedFen: application.requestedFen,
    deferred,
  });
  return { application: approved, grant };
}
