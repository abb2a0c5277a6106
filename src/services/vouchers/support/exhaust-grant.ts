import type { Sql } from '../../../db/client.ts';
import type { Actor } from '../../authz/actor.ts';
import { moveGrant } from './move-claim.ts';
import type { Grant } from './rows.ts';
import type { DeferredAudits } from './transitions.ts';

/**
 * The voucher lifecycle's rule for `exhausted`: an active grant whose available balance a use
 * has brought to zero (all that is left is spent or reserved) becomes exhausted; money released
 * back to it makes it active again (`afterRelease`). A claim's submission applies it after its
 * reservation; the MaaS gateway after a settlement round spent the grant's last fen
 * (`exhaustSpentGrant` in the gateway's metering). Returns the grant as it is now.
 */
export async function exhaustIfNothingLeft(options: {
  tx: Sql;
  grant: Grant;
  /** The grant's available balance after the use. */
  availableFen: bigint;
  actor: Actor;
  now: Date;
  reason?: string;
  deferred?: DeferredAudits;
}): Promise<Grant> {
  const { tx, grant, actor, now } = options;
  if (grant.state !== 'active' || options.availableFen > 0n) return grant;
  return moveGrant({
    tx,
    grant,
    action: 'exhaust',
    actor,
    now,
    ...(options.reason === undefined ? {} : { reason: options.reason }),
    ...(options.deferred === undefined ? {} : { deferred: options.deferred }),
  });
}
