import type { Database, Sql } from '../../db/client.ts';
import { inTransaction } from '../../db/nested-transaction.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import {
  KEY_COLUMNS,
  toKey,
  type KeyRow,
  type ProviderSigningKey,
} from './register-provider-signing-key.ts';
import { isUuid } from './rows.ts';

export interface RevokeProviderSigningKeyOptions {
  sql: Sql | Database;
  providerId: string;
  keyId: string;
  actor?: AuditActor | undefined;
  requestId?: string | null | undefined;
  now: Date;
}

/**
 * Revokes a provider's signing key (lost or compromised): reports signed with it after
 * `revokedAt` are no longer accepted, older ones stay verifiable. Revoking twice keeps the
 * first time. A key of another provider is NOT_FOUND.
 *
 * @example
 * await revokeProviderSigningKey({ sql: db, providerId, keyId, now: new Date() });
 */
export async function revokeProviderSigningKey(
  options: RevokeProviderSigningKeyOptions,
): Promise<ProviderSigningKey> {
  const { providerId, keyId, now } = options;
  return inTransaction(options.sql, async (tx) => {
    const [row] =
      isUuid(keyId) && isUuid(providerId)
        ? await tx.query<KeyRow>(
            `select ${KEY_COLUMNS} from provider_signing_keys
              where id = $1 and provider_id = $2 for update`,
            [keyId, providerId],
          )
        : [];
    if (row === undefined) {
      throw new DomainError('NOT_FOUND', `no signing key ${keyId} of provider ${providerId}`, {
        field: 'keyId',
      });
    }
    const before = toKey(row);
    if (before.revokedAt !== null) return before;
    const [updated] = await tx.query<KeyRow>(
      `update provider_signing_keys set revoked_at = $2, revocation_reason = 'revoked'
        where id = $1 returning ${KEY_COLUMNS}`,
      [keyId, now],
    );
    assert(updated !== undefined, 'the locked key row is updated');
    const after = toKey(updated);
    await recordAudit({
      sql: tx,
      actor: options.actor ?? { via: 'system' },
      action: 'providerSigningKey.revoke',
      entity: { type: 'providerSigningKey', id: keyId, tenantId: providerId },
      before,
      after,
      requestId: options.requestId,
      now,
    });
    return after;
  });
}
