import type { Database } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { grantAmount } from '../../domain/vouchers/money-rules.ts';
import { transitionApplication } from '../../domain/vouchers/application.ts';
import { parseCalendarDate } from '../../domain/shared/calendar.ts';
import { grantExpiresAt } from '../../domain/vouchers/grant-lifetime.ts';
import { getBalances } from '../ledger/index.ts';
import type { Actor } from '../authz/actor.ts';
import { moveApplication } from './support/decide-application.ts';
import { issueGrant } from './support/issue-grant.ts';
import { loadVoucherProgram } from './support/program-row.ts';
import {
  assertNotBlacklisted,
  loadApplication,
  type Application,
  type Grant,
} from './support/rows.ts';
import { authorizeVoucher } from './voucher-access.ts';

/** A reviewer's decision: approve with an amount and an expiry date, return or reject with a reason. */
export type ReviewDecision =
  | { decision: 'approve'; amountFen: bigint; expiresOn: string; reason?: string }
  | { decision: 'return'; reason: string }
  | { decision: 'reject'; reason: string };

/**
 * Decides a submitted application. Approval issues the grant (a pending reservation of the
 * amount from the program budget, timing out at the end of `expiresOn`, Asia/Shanghai) in the
 * same transaction; the amount may not exceed what was requested nor what the budget has left,
 * and `expiresOn` is today or later and within the grant's longest life (grant-lifetime.ts:
 * GRANT_LIFETIME_TOO_LONG after 31 December of next year).
 *
 * @example
 * await reviewApplication({ db, applicationId, decision: { decision: 'approve',
 *   amountFen: 2_500_000n, expiresOn: '2025-12-31' }, actor, now });
 */
export async function reviewApplication(options: {
  db: Database;
  applicationId: string;
  decision: ReviewDecision;
  actor: Actor;
  now: Date;
}): Promise<{ application: Application; grant: Grant | null }> {
  await authorizeVoucher(
    options.db,
    options.actor,
    'application.review',
    'application',
    options.applicationId,
  );
  const { decision, actor, now } = options;
  return options.db.transaction(async (tx) => {
    const application = await loadApplication(tx, options.applicationId, true);
    if (decision.decision !== 'approve') {
      const decided = await moveApplication({
        tx,
        application,
        action: decision.decision,
        actor,
        now,
        reason: decision.reason,
      });
      return { application: decided, grant: null };
    }
    if (decision.amountFen > application.requestedFen) {
      throw new DomainError('VALIDATION_FAILED', 'amountFen: more than the application requested', {
        field: 'amountFen',
        requestedFen: application.requestedFen.toString(),
      });
    }
    const expiresAt = grantExpiresAt(parseCalendarDate(decision.expiresOn, 'expiresOn'), now);
    const program = await loadVoucherProgram(tx, application.programId);
    await assertNotBlacklisted(tx, application.enterpriseId, application.programId, now);
    // Check the transition first (a wrong state is reported as such), move the money, then record
    // the transition and its audit event (lock order: ledger head before audit head).
    transitionApplication(application.state, 'approve', now);
    if (program.budgetFen !== null) {
      const [budget] = await getBalances({ sql: tx, ids: [program.accounts.budget] });
      grantAmount(decision.amountFen, budget?.availableFen ?? 0n);
    }
    const grant = await issueGrant({
      tx,
      application,
      program,
      amountFen: decision.amountFen,
      expiresAt,
      actor,
      now,
    });
    const approved = await moveApplication({
      tx,
      application,
      action: 'approve',
      actor,
      now,
      reason: decision.reason ?? null,
      approvedFen: decision.amountFen,
    });
    return { application: approved, grant };
  });
}
