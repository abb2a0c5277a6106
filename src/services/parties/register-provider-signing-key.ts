import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { inTransaction } from '../../db/nested-transaction.ts';
import { isCleanText } from '../../domain/parties/fields.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { isUuid } from './rows.ts';
import { consumeSigningKeyProof, type SigningKeyProof } from './signing-key-challenges.ts';
import { parsedSigningKeyOrThrow, type ParsedSigningKey } from './signing-key-format.ts';

export { parseEd25519PublicKey } from './signing-key-format.ts';

export interface ProviderSigningKey {
  id: string;
  providerId: string;
  /** SHA-256 (hex) of the raw 32-byte key: the key id usage reports name. */
  fingerprint: string;
  publicKeyPem: string;
  label: string;
  createdAt: Date;
  /** When the provider proved it holds the private key; null for keys registered before. */
  provenAt: Date | null;
  revokedAt: Date | null;
  /** `revoked` by the provider or operator; `reclaimed` by a provider that proved possession. */
  revocationReason: 'revoked' | 'reclaimed' | null;
}

export interface RegisterProviderSigningKeyOptions {
  sql: Sql | Database;
  providerId: string;
  /** PEM (`-----BEGIN PUBLIC KEY-----`) or base64 of the raw 32-byte Ed25519 key. */
  publicKey: string;
  /** A signature over a challenge from `createSigningKeyChallenge` for this provider and key. */
  proof: SigningKeyProof;
  label?: string | undefined;
  actor?: AuditActor | undefined;
  requestId?: string | null | undefined;
  now: Date;
}

/** Rounds of read-then-insert before two racing registrations of one key must have settled. */
const REGISTER_ATTEMPTS_MAX = 3;

/**
 * Registers an Ed25519 public key a provider signs usage reports with, once the provider proved
 * that it holds the private key (`proof`, checked and used up in the same transaction). The same
 * key again for the same provider returns the stored key. A key another provider registered
 * WITH proof is a CONFLICT (one key, one signer); one registered before proofs existed is
 * reclaimed: that registration is revoked as `reclaimed` (audited on its provider) and the key
 * is registered here — whoever squatted a key without its private key cannot keep it.
 *
 * @example
 * const { challengeId, challenge } = await createSigningKeyChallenge({ sql: db, providerId,
 *   publicKey: pem, now });
 * await registerProviderSigningKey({ sql: db, providerId, publicKey: pem, now,
 *   proof: { challengeId, signature: sign(null, Buffer.from(challenge), privateKey).toString('base64') } });
 */
export async function registerProviderSigningKey(
  options: RegisterProviderSigningKeyOptions,
): Promise<ProviderSigningKey> {
  const parsed = parsedSigningKeyOrThrow(options.publicKey);
  const label = (options.label ?? '').trim();
  if (label.length > 100 || !isCleanText(label)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'label: at most 100 characters, no control characters',
      { field: 'label' },
    );
  }
  const { providerId, now } = options;
  return inTransaction(options.sql, async (tx) => {
    const [provider] = isUuid(providerId)
      ? await tx.query<{ id: string }>('select id from providers where id = $1 for share', [
          providerId,
        ])
      : [];
    if (provider === undefined) {
      throw new DomainError('NOT_FOUND', `no provider ${providerId}`, { field: 'providerId' });
    }
    await consumeSigningKeyProof(tx, {
      providerId,
      fingerprint: parsed.fingerprint,
      key: parsed.key,
      proof: options.proof,
      now,
    });
    for (let attempt = 0; attempt < REGISTER_ATTEMPTS_MAX; attempt += 1) {
      const registered = await registerProven(tx, options, parsed, label);
      if (registered !== null) return registered;
    }
    throw new DomainError('CONFLICT', 'this public key is being registered concurrently; retry', {
      field: 'publicKey',
    });
  });
}

/** One round: the stored key, or a new registration (reclaiming an unproven one); null: raced. */
async function registerProven(
  tx: Sql,
  options: RegisterProviderSigningKeyOptions,
  parsed: ParsedSigningKey,
  label: string,
): Promise<ProviderSigningKey | null> {
  const { providerId, now } = options;
  const actor = options.actor ?? { via: 'system' as const };
  const rows = await tx.query<KeyRow>(
    `select ${KEY_COLUMNS} from provider_signing_keys where fingerprint = $1 order by id for update`,
    [parsed.fingerprint],
  );
  const own = rows.find((row) => row.provider_id === providerId);
  if (own !== undefined) return markProven(tx, toKey(own), options);
  const holder = rows.find((row) => row.revoked_at === null);
  if (holder !== undefined && holder.proven_at !== null) {
    throw new DomainError('CONFLICT', 'this public key is registered to another provider', {
      field: 'publicKey',
    });
  }
  if (holder !== undefined) {
    const [reclaimed] = await tx.query<KeyRow>(
      `update provider_signing_keys set revoked_at = $2, revocation_reason = 'reclaimed'
        where id = $1 returning ${KEY_COLUMNS}`,
      [holder.id, now],
    );
    assert(reclaimed !== undefined, 'the locked key row is updated');
    // On the earlier holder's tenant: its audit log says why its registration stopped working.
    await recordAudit({
      sql: tx,
      actor,
      action: 'providerSigningKey.reclaim',
      entity: { type: 'providerSigningKey', id: holder.id, tenantId: holder.provider_id },
      before: toKey(holder),
      after: toKey(reclaimed),
      requestId: options.requestId,
      now,
    });
  }
  const [row] = await tx.query<KeyRow>(
    `insert into provider_signing_keys
       (id, provider_id, fingerprint, public_key_pem, label, created_at, proven_at)
     values ($1, $2, $3, $4, $5, $6, $6) on conflict do nothing returning ${KEY_COLUMNS}`,
    [uuidv7(), providerId, parsed.fingerprint, parsed.pem, label, now],
  );
  if (row === undefined) return null;
  const key = toKey(row);
  await recordAudit({
    sql: tx,
    actor,
    action: 'providerSigningKey.register',
    entity: { type: 'providerSigningKey', id: key.id, tenantId: providerId },
    after: key,
    requestId: options.requestId,
    now,
  });
  return key;
}

/** The provider's own registration of the key; a live one registered before proofs is now proven. */
async function markProven(
  tx: Sql,
  key: ProviderSigningKey,
  options: RegisterProviderSigningKeyOptions,
): Promise<ProviderSigningKey> {
  if (key.provenAt !== null || key.revokedAt !== null) return key;
  const [row] = await tx.query<KeyRow>(
    `update provider_signing_keys set proven_at = $2 where id = $1 returning ${KEY_COLUMNS}`,
    [key.id, options.now],
  );
  assert(row !== undefined, 'the locked key row is updated');
  const proven = toKey(row);
  await recordAudit({
    sql: tx,
    actor: options.actor ?? { via: 'system' },
    action: 'providerSigningKey.prove',
    entity: { type: 'providerSigningKey', id: key.id, tenantId: key.providerId },
    before: key,
    after: proven,
    requestId: options.requestId,
    now: options.now,
  });
  return proven;
}

export const KEY_COLUMNS =
  'id, provider_id, fingerprint, public_key_pem, label, created_at, proven_at, revoked_at, revocation_reason';

export interface KeyRow {
  id: string;
  provider_id: string;
  fingerprint: string;
  public_key_pem: string;
  label: string;
  created_at: Date;
  proven_at: Date | null;
  revoked_at: Date | null;
  revocation_reason: 'revoked' | 'reclaimed' | null;
}

export function toKey(row: KeyRow): ProviderSigningKey {
  return {
    id: row.id,
    providerId: row.provider_id,
    fingerprint: row.fingerprint,
    publicKeyPem: row.public_key_pem,
    label: row.label,
    createdAt: row.created_at,
    provenAt: row.proven_at,
    revokedAt: row.revoked_at,
    revocationReason: row.revocation_reason,
  };
}
