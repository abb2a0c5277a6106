import type { Database } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import { moveApplication } from './support/decide-application.ts';
import { loadApplication, type Application } from './support/rows.ts';
import { authorizeVoucher } from './voucher-access.ts';

/** The enterprise withdraws an application that is not decided yet. */
export async function withdrawApplication(options: {
  db: Database;
  applicationId: string;
  reason?: string;
  actor: Actor;
  now: Date;
}): Promise<Application> {
  await authorizeVoucher(
    options.db,
    options.actor,
    'application.withdraw',
    'application',
    options.applicationId,
  );
  return options.db.transaction(async (tx) => {
    const application = await loadApplication(tx, options.applicationId, true);
    return moveApplication({
      tx,
      application,
      action: 'withdraw',
      actor: options.actor,
      now: options.now,
      reason: options.reason ?? null,
    });
  });
}
