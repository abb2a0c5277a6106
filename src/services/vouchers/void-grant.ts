import type { Database } from '../../db/client.ts';
import type { Actor } from '../authz/actor.ts';
import { closeGrant } from './support/close-grant.ts';
import { loadVoucherProgram } from './support/program-row.ts';
import { loadGrant, type Grant } from './support/rows.ts';
import { authorizeVoucher } from './voucher-access.ts';

/**
 * An operator voids a grant: its unused amount returns to the program budget at once (the
 * pending reservation is voided, or the grant's available balance is moved back). Claims already
 * submitted keep their reservation and can still be redeemed or rejected.
 */
export async function voidGrant(options: {
  db: Database;
  grantId: string;
  reason: string;
  actor: Actor;
  now: Date;
}): Promise<Grant> {
  await authorizeVoucher(options.db, options.actor, 'grant.void', 'grant', options.grantId);
  return options.db.transaction(async (tx) => {
    const grant = await loadGrant(tx, options.grantId, true);
    const program = await loadVoucherProgram(tx, grant.programId);
    return closeGrant({
      tx,
      grant,
      program,
      action: 'void',
      reason: options.reason,
      actor: options.actor,
      now: options.now,
    });
  });
}
