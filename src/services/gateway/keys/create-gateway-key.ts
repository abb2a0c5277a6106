import { v7 as uuidv7 } from 'uuid';
import type { CreateGatewayKeyInput } from '../../../contracts/gateway-keys.ts';
import type { Database } from '../../../db/client.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { randomSecret, sha256Hex } from '../../access/secrets.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { isPerson, type Actor } from '../../authz/actor.ts';
import { authorize } from '../../authz/authorize.ts';
import { GATEWAY_KEY_COLUMNS, toGatewayKey, type GatewayKey, type GatewayKeyRow } from './rows.ts';

/** Secrets look like `sk-suanli-` + 43 base64url characters (32 random bytes). */
export const GATEWAY_KEY_PREFIX = 'sk-suanli-';
export const GATEWAY_KEY_PATTERN = /^sk-suanli-[A-Za-z0-9_-]{43}$/;
const DISPLAY_PREFIX_LENGTH = GATEWAY_KEY_PREFIX.length + 8;

export interface CreateGatewayKeyOptions {
  db: Database;
  /** An enterprise admin (own enterprise), or the system for seeders. */
  actor: Actor;
  /** The enterprise; a person's own tenant when absent. */
  enterpriseId?: string | undefined;
  input: CreateGatewayKeyInput;
  /**
   * The secret to use instead of a random one (the demo's `SUANLI_DEMO_API_KEY`): system
   * actors only, and it must have the key's shape.
   */
  secret?: string | undefined;
  now: Date;
}

/**
 * Creates a gateway key of an enterprise and returns its secret — the only time it is shown;
 * the database keeps its sha256 and the first characters. Records `gatewayKey.create`.
 *
 * @example
 * const { gatewayKey, secret } = await createGatewayKey({ db, actor, now, input: {
 *   name: 'support bot', project: 'support', requestsPerMinute: 600, tokensPerMinute: 1_000_000 } });
 */
export async function createGatewayKey(
  options: CreateGatewayKeyOptions,
): Promise<{ gatewayKey: GatewayKey; secret: string }> {
  const { actor, input } = options;
  authorize(actor, 'gatewayKey.create');
  const enterpriseId = options.enterpriseId ?? (isPerson(actor) ? actor.tenantId : undefined);
  if (enterpriseId === undefined) {
    throw new DomainError('VALIDATION_FAILED', 'enterpriseId: required', { field: 'enterpriseId' });
  }
  authorize(actor, 'gatewayKey.create', { tenantId: enterpriseId });
  if (
    options.secret !== undefined &&
    (isPerson(actor) || !GATEWAY_KEY_PATTERN.test(options.secret))
  ) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `secret: ${GATEWAY_KEY_PREFIX} and 43 base64url characters`,
      {
        field: 'secret',
      },
    );
  }
  const secret = options.secret ?? `${GATEWAY_KEY_PREFIX}${randomSecret(32)}`;
  return options.db.transaction(async (tx) => {
    const [enterprise] = await tx.query<{ id: string }>(
      'select id from enterprises where id = $1',
      [enterpriseId],
    );
    if (!enterprise)
      throw new DomainError('NOT_FOUND', `no enterprise ${enterpriseId}`, {
        field: 'enterpriseId',
      });
    const [row] = await tx.query<GatewayKeyRow>(
      `insert into gateway_keys (id, enterprise_id, project, name, prefix, secret_hash,
         requests_per_minute, tokens_per_minute, spend_limit_day_fen, spend_limit_month_fen,
         created_by, created_at)
       values ($1, $2, $3, $4, $5, decode($6, 'hex'), $7, $8, $9, $10, $11, $12)
       on conflict (secret_hash) do nothing
       returning ${GATEWAY_KEY_COLUMNS}`,
      [
        uuidv7(),
        enterpriseId,
        input.project ?? null,
        input.name,
        secret.slice(0, DISPLAY_PREFIX_LENGTH),
        sha256Hex(secret),
        input.requestsPerMinute,
        input.tokensPerMinute,
        input.spendLimitDayFen?.toString() ?? null,
        input.spendLimitMonthFen?.toString() ?? null,
        actor.userId,
        options.now,
      ],
    );
    if (!row) throw new DomainError('CONFLICT', 'a gateway key with this secret exists');
    const gatewayKey = toGatewayKey(row);
    await recordAudit({
      sql: tx,
      actor,
      action: 'gatewayKey.create',
      entity: { type: 'gatewayKey', id: gatewayKey.id, tenantId: enterpriseId },
      after: gatewayKey,
      requestId: actor.requestId,
      now: options.now,
    });
    return { gatewayKey, secret };
  });
}
