import type { Sql } from '../../../db/client.ts';
import {
  transitionApplication,
  type ApplicationAction,
} from '../../../domain/vouchers/application.ts';
import { assert } from '../../../domain/shared/assert.ts';
import type { Actor } from '../../authz/actor.ts';
import { APPLICATION_COLUMNS, toApplication, type Application } from './rows.ts';
import { recordStep, type DeferredAudits } from './transitions.ts';

/**
 * Moves an application through one transition of its state machine and records it, in the
 * caller's transaction. `fields` sets the decision columns that go with the action; `deferred`
 * holds the audit event back (lock order, see recordTransition).
 */
export async function moveApplication(options: {
  tx: Sql;
  application: Application;
  action: ApplicationAction;
  actor: Actor;
  now: Date;
  reason?: string | null;
  approvedFen?: bigint | null;
  arrivalSeq?: boolean;
  deferred?: DeferredAudits | undefined;
}): Promise<Application> {
  const { tx, application, action, now } = options;
  const step = transitionApplication(application.state, action, now);
  const [row] = await tx.query(
    `update voucher_applications
        set state = $2, updated_at = $3,
            decision_reason = case when $4::text is null then decision_reason else $4 end,
            approved_fen = coalesce($5, approved_fen),
            arrival_seq = case when $6 then coalesce(arrival_seq, nextval('voucher_arrival_seq'))
                               else arrival_seq end
      where id = $1
      returning ${APPLICATION_COLUMNS}`,
    [
      application.id,
      step.to,
      now,
      options.reason ?? null,
      options.approvedFen ?? null,
      options.arrivalSeq === true,
    ],
  );
  assert(row, 'moveApplication: application vanished under its row lock');
  await recordStep(
    tx,
    { type: 'application', id: application.id, enterpriseId: application.enterpriseId },
    step,
    options,
  );
  return toApplication(row);
}
