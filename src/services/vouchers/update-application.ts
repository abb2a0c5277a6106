import type { Database } from '../../db/client.ts';
import { transitionApplication } from '../../domain/vouchers/application.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { precheckApplication, type PlannedPurchase } from './support/precheck-application.ts';
import {
  APPLICATION_COLUMNS,
  loadApplication,
  toApplication,
  type Application,
} from './support/rows.ts';
import { recordTransition } from './support/transitions.ts';
import { authorizeVoucher } from './voucher-access.ts';

/** The planned purchase as stored (jsonb, fen as decimal strings). */
function storedPurchase(application: Application): PlannedPurchase {
  const stored = application.plannedPurchase as unknown as Omit<
    PlannedPurchase,
    'amountFen' | 'contractAmountFen'
  > & { amountFen: string; contractAmountFen?: string };
  const { amountFen, contractAmountFen, ...rest } = stored;
  return {
    ...rest,
    amountFen: BigInt(amountFen),
    ...(contractAmountFen === undefined ? {} : { contractAmountFen: BigInt(contractAmountFen) }),
  };
}

/**
 * The enterprise changes a draft or returned application (what a reviewer's "return for changes"
 * asks for): the planned purchase, the amount asked or the purpose. The eligibility pre-check runs
 * again on the result; the application is a draft until it is submitted again.
 */
export async function updateApplication(options: {
  db: Database;
  applicationId: string;
  enterpriseId: string;
  changes: { plannedPurchase?: PlannedPurchase; requestedFen?: bigint; purpose?: string };
  actor: Actor;
  now: Date;
}): Promise<Application> {
  await authorizeVoucher(
    options.db,
    options.actor,
    'application.update',
    'application',
    options.applicationId,
  );
  const { actor, now, changes } = options;
  return options.db.transaction(async (tx) => {
    const application = await loadApplication(tx, options.applicationId, true);
    if (application.enterpriseId !== options.enterpriseId) {
      throw new DomainError('NOT_FOUND', 'application not found', { field: 'id' });
    }
    const step = transitionApplication(application.state, 'edit', now);
    const plannedPurchase = changes.plannedPurchase ?? storedPurchase(application);
    const checked = await precheckApplication(tx, {
      programId: application.programId,
      enterpriseId: application.enterpriseId,
      plannedPurchase,
      requestedFen: changes.requestedFen ?? application.requestedFen,
      purpose: changes.purpose ?? application.purpose,
      now,
    });
    const [row] = await tx.query(
      `update voucher_applications
          set state = $2, program_version = $3, requested_fen = $4, estimated_fen = $5,
              planned_purchase = $6::jsonb, eligibility_trace = $7::jsonb, purpose = $8,
              updated_at = $9
        where id = $1 returning ${APPLICATION_COLUMNS}`,
      [
        application.id,
        step.to,
        checked.definition.version,
        checked.requestedFen,
        checked.evaluation.subsidyFen,
        checked.plannedPurchaseJson,
        JSON.stringify(checked.evaluation.trace),
        checked.purpose,
        now,
      ],
    );
    assert(row, 'updateApplication: application vanished under its row lock');
    await recordTransition(
      tx,
      {
        entityType: 'application',
        entityId: application.id,
        tenantId: application.enterpriseId,
        action: 'edit',
        from: step.from,
        to: step.to,
        at: now,
        details: { requestedFen: checked.requestedFen.toString() },
      },
      actor,
    );
    return toApplication(row);
  });
}
