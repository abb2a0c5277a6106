import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { inTransaction } from '../../db/nested-transaction.ts';
import { isCleanText } from '../../domain/parties/fields.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { isUuid } from './rows.ts';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface ProviderSigningKey {
  id: string;
  providerId: string;
  /** SHA-256 (hex) of the raw 32-byte key: the key id usage reports name. */
  fingerprint: string;
  publicKeyPem: string;
  label: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface RegisterProviderSigningKeyOptions {
  sql: Sql | Database;
  providerId: string;
  /** PEM (`-----BEGIN PUBLIC KEY-----`) or base64 of the raw 32-byte Ed25519 key. */
  publicKey: string;
  label?: string | undefined;
  actor?: AuditActor | undefined;
  requestId?: string | null | undefined;
  now: Date;
}

/** Parses an Ed25519 public key from PEM or raw base64; null when it is not one. */
export function parseEd25519PublicKey(text: string): { key: KeyObject; raw: Buffer } | null {
  const trimmed = text.trim();
  try {
    let key: KeyObject;
    if (trimmed.startsWith('-----BEGIN')) {
      key = createPublicKey(trimmed);
    } else {
      if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return null;
      const raw = Buffer.from(
        trimmed,
        trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64',
      );
      if (raw.length !== 32) return null;
      key = createPublicKey({
        key: Buffer.concat([ED25519_SPKI_PREFIX, raw]),
        format: 'der',
        type: 'spki',
      });
    }
    if (key.asymmetricKeyType !== 'ed25519') return null;
    const der = key.export({ format: 'der', type: 'spki' });
    return { key, raw: der.subarray(ED25519_SPKI_PREFIX.length) };
  } catch {
    return null;
  }
}

/**
 * Registers an Ed25519 public key a provider signs usage reports with. The same key twice for
 * the same provider returns the stored key; a key registered by another provider is a CONFLICT
 * (one key, one signer).
 *
 * @example
 * const { publicKey } = generateKeyPairSync('ed25519');
 * await registerProviderSigningKey({ sql: db, providerId, now: new Date(),
 *   publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString() });
 */
export async function registerProviderSigningKey(
  options: RegisterProviderSigningKeyOptions,
): Promise<ProviderSigningKey> {
  const parsed = parseEd25519PublicKey(options.publicKey);
  if (parsed === null) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'publicKey: an Ed25519 public key (PEM or base64 of 32 bytes)',
      {
        field: 'publicKey',
      },
    );
  }
  const label = (options.label ?? '').trim();
  if (label.length > 100 || !isCleanText(label)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'label: at most 100 characters, no control characters',
      {
        field: 'label',
      },
    );
  }
  const fingerprint = createHash('sha256').update(parsed.raw).digest('hex');
  const pem = parsed.key.export({ format: 'pem', type: 'spki' }).toString();
  return inTransaction(options.sql, async (tx) => {
    const [provider] = isUuid(options.providerId)
      ? await tx.query<{ id: string }>('select id from providers where id = $1 for share', [
          options.providerId,
        ])
      : [];
    if (provider === undefined) {
      throw new DomainError('NOT_FOUND', `no provider ${options.providerId}`, {
        field: 'providerId',
      });
    }
    const inserted = await tx.query<KeyRow>(
      `insert into provider_signing_keys (id, provider_id, fingerprint, public_key_pem, label, created_at)
       values ($1, $2, $3, $4, $5, $6) on conflict (fingerprint) do nothing returning ${KEY_COLUMNS}`,
      [uuidv7(), options.providerId, fingerprint, pem, label, options.now],
    );
    const [row] = inserted;
    if (row === undefined) {
      const [existing] = await tx.query<KeyRow>(
        `select ${KEY_COLUMNS} from provider_signing_keys where fingerprint = $1`,
        [fingerprint],
      );
      assert(existing !== undefined, 'the conflicting key exists');
      if (existing.provider_id !== options.providerId) {
        throw new DomainError('CONFLICT', 'this public key is registered to another provider', {
          field: 'publicKey',
        });
      }
      return toKey(existing);
    }
    const key = toKey(row);
    await recordAudit({
      sql: tx,
      actor: options.actor ?? { via: 'system' },
      action: 'providerSigningKey.register',
      entity: { type: 'providerSigningKey', id: key.id, tenantId: options.providerId },
      after: key,
      requestId: options.requestId,
      now: options.now,
    });
    return key;
  });
}

export const KEY_COLUMNS =
  'id, provider_id, fingerprint, public_key_pem, label, created_at, revoked_at';

export interface KeyRow {
  id: string;
  provider_id: string;
  fingerprint: string;
  public_key_pem: string;
  label: string;
  created_at: Date;
  revoked_at: Date | null;
}

export function toKey(row: KeyRow): ProviderSigningKey {
  return {
    id: row.id,
    providerId: row.provider_id,
    fingerprint: row.fingerprint,
    publicKeyPem: row.public_key_pem,
    label: row.label,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
