import type { Sql } from '../../../db/client.ts';
import { transitionClaim, type ClaimAction } from '../../../domain/vouchers/claim.ts';
import { transitionGrant, type GrantAction } from '../../../domain/vouchers/grant.ts';
import { assert } from '../../../domain/shared/assert.ts';
import type { Actor } from '../../authz/actor.ts';
import { CLAIM_COLUMNS, GRANT_COLUMNS, toClaim, toGrant, type Claim, type Grant } from './rows.ts';
import { recordStep, type DeferredAudits } from './transitions.ts';

/** Column updates that go with a claim transition (amounts, evidence fields, trace). */
export type ClaimFields = Partial<{
  reserved_fen: bigint;
  redeemed_fen: bigint;
  paid_fen: bigint;
  clawed_back_fen: bigint;
  reservation_transfer_id: string;
  policy_trace: string;
}>;

const claimFieldNames = new Set([
  'reserved_fen',
  'redeemed_fen',
  'paid_fen',
  'clawed_back_fen',
  'reservation_transfer_id',
  'policy_trace',
]);

/** Applies one claim transition with its column updates, and records it. */
export async function moveClaim(options: {
  tx: Sql;
  claim: Claim;
  action: ClaimAction;
  actor: Actor;
  now: Date;
  reason?: string | null;
  fields?: ClaimFields;
  /** Hold the audit event until the transaction's ledger work is done (see DeferredAudits). */
  deferred?: DeferredAudits;
}): Promise<Claim> {
  const { tx, claim, action, now } = options;
  const step = transitionClaim(claim.state, action, now);
  const entries = Object.entries(options.fields ?? {});
  const sets = entries.map(([name], index) => {
    assert(claimFieldNames.has(name), `moveClaim: unknown field ${name}`);
    return `${name} = $${index + 4}${name === 'policy_trace' ? '::jsonb' : ''}`;
  });
  const [row] = await tx.query(
    `update voucher_claims set state = $2, updated_at = $3${sets.map((s) => `, ${s}`).join('')}
      where id = $1 returning ${CLAIM_COLUMNS}`,
    [claim.id, step.to, now, ...entries.map(([, value]) => value)],
  );
  assert(row, 'moveClaim: claim vanished under its row lock');
  await recordStep(
    tx,
    { type: 'claim', id: claim.id, enterpriseId: claim.enterpriseId },
    step,
    options,
  );
  return toClaim(row);
}

/** Applies one grant transition (exhaust, replenish, claw_back…) without moving money. */
export async function moveGrant(options: {
  tx: Sql;
  grant: Grant;
  action: GrantAction;
  actor: Actor;
  now: Date;
  reason?: string | null;
  deferred?: DeferredAudits;
}): Promise<Grant> {
  const { tx, grant, action, now } = options;
  const step = transitionGrant(grant.state, action, now);
  const [row] = await tx.query(
    `update voucher_grants set state = $2, updated_at = $3 where id = $1
     returning ${GRANT_COLUMNS}`,
    [grant.id, step.to, now],
  );
  assert(row, 'moveGrant: grant vanished under its row lock');
  await recordStep(
    tx,
    { type: 'grant', id: grant.id, enterpriseId: grant.enterpriseId },
    step,
    options,
  );
  return toGrant(row);
}
