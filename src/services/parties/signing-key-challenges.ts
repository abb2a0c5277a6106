import { randomBytes, verify, type KeyObject } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { inTransaction } from '../../db/nested-transaction.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { isUuid } from './rows.ts';
import { parsedSigningKeyOrThrow } from './signing-key-format.ts';

/** How long a challenge may be answered: long enough to sign on another machine. */
export const SIGNING_KEY_CHALLENGE_TTL_MS = 10 * 60_000;
/** Challenges a provider may have open at once: enough for a few keys, bounded rows. */
export const SIGNING_KEY_CHALLENGES_OPEN_MAX = 20;
/** Answered and expired challenges are deleted this long after they expire. */
const CHALLENGE_RETENTION_MS = 24 * 3_600_000;

export interface SigningKeyChallenge {
  challengeId: string;
  /** The exact text to sign (UTF-8) with the key's private key. */
  challenge: string;
  expiresAt: Date;
}

export interface CreateSigningKeyChallengeOptions {
  sql: Sql | Database;
  providerId: string;
  /** The public key the provider wants to register (PEM or base64 of the raw 32 bytes). */
  publicKey: string;
  actor?: AuditActor | undefined;
  requestId?: string | null | undefined;
  now: Date;
}

/**
 * Issues a challenge for registering `publicKey` as a signing key of a provider: 32 random
 * bytes in a text that names the provider, the key and the expiry, so a signature over it
 * proves possession for exactly that registration and cannot be replayed for another provider,
 * another key or after ten minutes. The text starts with a purpose line of its own, so that no
 * usage report or other message signed with the key can pass as the proof.
 *
 * @example
 * const { challengeId, challenge } = await createSigningKeyChallenge({ sql: db, providerId,
 *   publicKey: pem, now: new Date() });
 * const signature = sign(null, Buffer.from(challenge, 'utf8'), privateKey).toString('base64');
 * await registerProviderSigningKey({ sql: db, providerId, publicKey: pem,
 *   proof: { challengeId, signature }, now: new Date() });
 */
export async function createSigningKeyChallenge(
  options: CreateSigningKeyChallengeOptions,
): Promise<SigningKeyChallenge> {
  const { providerId, now } = options;
  const { fingerprint } = parsedSigningKeyOrThrow(options.publicKey);
  return inTransaction(options.sql, async (tx) => {
    const [provider] = isUuid(providerId)
      ? await tx.query<{ id: string }>('select id from providers where id = $1 for update', [
          providerId,
        ])
      : [];
    if (provider === undefined) {
      throw new DomainError('NOT_FOUND', `no provider ${providerId}`, { field: 'providerId' });
    }
    await tx.query(
      `delete from provider_signing_key_challenges where provider_id = $1 and expires_at < $2`,
      [providerId, new Date(now.getTime() - CHALLENGE_RETENTION_MS)],
    );
    const [open] = await tx.query<{ count: bigint }>(
      `select count(*)::int8 as count from provider_signing_key_challenges
        where provider_id = $1 and used_at is null and expires_at > $2`,
      [providerId, now],
    );
    if ((open?.count ?? 0n) >= BigInt(SIGNING_KEY_CHALLENGES_OPEN_MAX)) {
      throw new DomainError('RATE_LIMITED', 'too many open signing-key challenges; retry later', {
        retryAfterSeconds: SIGNING_KEY_CHALLENGE_TTL_MS / 1000,
      });
    }
    const id = uuidv7();
    const expiresAt = new Date(now.getTime() + SIGNING_KEY_CHALLENGE_TTL_MS);
    const challenge = [
      'suanli provider signing key proof of possession v1',
      `provider: ${providerId}`,
      `key: ${fingerprint}`,
      `challenge: ${id}`,
      `nonce: ${randomBytes(32).toString('base64url')}`,
      `expires: ${expiresAt.toISOString()}`,
    ].join('\n');
    await tx.query(
      `insert into provider_signing_key_challenges
         (id, provider_id, fingerprint, challenge, created_by, created_at, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [id, providerId, fingerprint, challenge, options.actor?.userId ?? null, now, expiresAt],
    );
    await recordAudit({
      sql: tx,
      actor: options.actor ?? { via: 'system' },
      action: 'signingKeyChallenge.create',
      entity: { type: 'signingKeyChallenge', id, tenantId: providerId },
      after: { id, providerId, fingerprint, expiresAt },
      requestId: options.requestId,
      now,
    });
    return { challengeId: id, challenge, expiresAt };
  });
}

/** The proof of possession a registration carries: the challenge and its signature. */
export interface SigningKeyProof {
  challengeId: string;
  /** Ed25519 signature (64 bytes, base64 or base64url) over the challenge text. */
  signature: string;
}

export type ProofFailure =
  | 'challenge_unknown'
  | 'challenge_used'
  | 'challenge_expired'
  | 'challenge_for_another_key'
  | 'signature_invalid';

interface ChallengeRow {
  id: string;
  fingerprint: string;
  challenge: string;
  expires_at: Date;
  used_at: Date | null;
}

/**
 * Checks a proof for registering `key` (of `fingerprint`) to `providerId` inside the caller's
 * transaction and marks its challenge used, so it commits used with the registration or not at
 * all. Throws SIGNING_KEY_PROOF_FAILED naming the reason; a challenge of another provider is
 * `challenge_unknown`, like one that never existed.
 */
export async function consumeSigningKeyProof(
  tx: Sql,
  options: {
    providerId: string;
    fingerprint: string;
    key: KeyObject;
    proof: SigningKeyProof;
    now: Date;
  },
): Promise<void> {
  const { proof, now } = options;
  const [row] = isUuid(proof.challengeId)
    ? await tx.query<ChallengeRow>(
        `select id, fingerprint, challenge, expires_at, used_at
           from provider_signing_key_challenges where id = $1 and provider_id = $2 for update`,
        [proof.challengeId, options.providerId],
      )
    : [];
  const failure = ((): ProofFailure | null => {
    if (row === undefined) return 'challenge_unknown';
    if (row.used_at !== null) return 'challenge_used';
    if (row.expires_at.getTime() <= now.getTime()) return 'challenge_expired';
    if (row.fingerprint !== options.fingerprint) return 'challenge_for_another_key';
    const signature = signatureBytes(proof.signature);
    const signed = Buffer.from(row.challenge, 'utf8');
    if (signature === null || !verify(null, signed, options.key, signature)) {
      return 'signature_invalid';
    }
    return null;
  })();
  if (failure !== null) {
    throw new DomainError('SIGNING_KEY_PROOF_FAILED', `proof of possession: ${failure}`, {
      field: failure === 'signature_invalid' ? 'signature' : 'challengeId',
      reason: failure,
    });
  }
  assert(row !== undefined, 'a verified proof has its challenge');
  await tx.query(`update provider_signing_key_challenges set used_at = $2 where id = $1`, [
    row.id,
    now,
  ]);
}

/** The 64 bytes of an Ed25519 signature in base64 or base64url; null for anything else. */
function signatureBytes(text: string): Buffer | null {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]{86}(==)?$/.test(trimmed)) return null;
  const bytes = Buffer.from(trimmed, /[-_]/.test(trimmed) ? 'base64url' : 'base64');
  return bytes.length === 64 ? bytes : null;
}
