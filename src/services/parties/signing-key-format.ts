import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { DomainError } from '../../domain/shared/errors.ts';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

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

/** A checked Ed25519 public key with its fingerprint and canonical PEM. */
export interface ParsedSigningKey {
  key: KeyObject;
  /** SHA-256 (hex) of the raw 32-byte key: the key id usage reports name. */
  fingerprint: string;
  pem: string;
}

/** Parses `publicKey` or throws 400 VALIDATION_FAILED naming `publicKey`. */
export function parsedSigningKeyOrThrow(publicKey: string): ParsedSigningKey {
  const parsed = parseEd25519PublicKey(publicKey);
  if (parsed === null) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'publicKey: an Ed25519 public key (PEM or base64 of 32 bytes)',
      { field: 'publicKey' },
    );
  }
  return {
    key: parsed.key,
    fingerprint: createHash('sha256').update(parsed.raw).digest('hex'),
    pem: parsed.key.export({ format: 'pem', type: 'spki' }).toString(),
  };
}
