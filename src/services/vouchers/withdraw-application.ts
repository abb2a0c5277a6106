import type { Database } from '../../db/client.ts';
import type { VoucherActor } from './support/actor.ts';
import { moveApplication } from './support/decide-application.ts';
import { loadApplication, type Application } from './support/rows.ts';

/** The enterprise withdraws an application that is not decided yet. */
export async function withdrawApplication(options: {
  db: Database;
  applicationId: string;
  reason?: string;
  actor: VoucherActor;
  now: Date;
}): Promise<Application> {
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
