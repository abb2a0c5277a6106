import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { assert } from '../../../domain/shared/assert.ts';
import { DomainError } from '../../../domain/shared/errors.ts';

/**
 * Encrypts upstream API keys at rest with AES-256-GCM: a fresh 12-byte IV per value, the
 * 16-byte tag, then the ciphertext, in one bytea. GCM authenticates, so a key read with the
 * wrong secret or a tampered row fails loudly instead of yielding garbage.
 *
 * @example
 * const box = secretBoxOf(randomBytes(32));
 * box.decrypt(box.encrypt('sk-upstream')) === 'sk-upstream';
 */
export interface SecretBox {
  encrypt: (plain: string) => Buffer;
  decrypt: (sealed: Uint8Array) => string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const GATEWAY_SECRET_KEY_BYTES = 32;
/** Where embedded PGlite keeps a generated key when GATEWAY_SECRET_KEY is not set. */
export const GENERATED_KEY_FILE = 'gateway-secret.key';

export function secretBoxOf(key: Buffer): SecretBox {
  assert(key.length === GATEWAY_SECRET_KEY_BYTES, 'the gateway secret key has 32 bytes');
  return {
    encrypt: (plain) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt: (sealed) => {
      const bytes = Buffer.from(sealed);
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const body = bytes.subarray(IV_BYTES + TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    },
  };
}

/** `GATEWAY_SECRET_KEY`: 32 bytes as 64 hex digits or as base64 (44 characters). */
export function parseGatewaySecretKey(text: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  const decoded = Buffer.from(text, 'base64');
  return decoded.length === GATEWAY_SECRET_KEY_BYTES ? decoded : null;
}

export interface GatewaySecretSource {
  /** `GATEWAY_SECRET_KEY`, already checked by the config schema. */
  secretKey?: string | undefined;
  /** Set for embedded PGlite: a key may be generated into this directory once. */
  pgliteDataDir?: string | undefined;
}

export interface ResolvedSecretBox {
  box: SecretBox;
  /** The file a key was just generated into (log it), or null. */
  generatedFile: string | null;
}

const resolved = new Map<string, ResolvedSecretBox>();

/**
 * The box of this deployment: `GATEWAY_SECRET_KEY` when set; on embedded PGlite without it,
 * a key generated once into `DATA_DIR/gateway-secret.key` (mode 0600; created exclusively, so
 * two starts never write two keys) and read from there afterwards; an in-memory database gets a
 * key for the process's life. On PostgreSQL without the variable there is no box: storing an
 * upstream key is 409 CONFLICT naming the variable, because a key generated on one machine
 * would be unreadable by the other processes of the deployment.
 */
export function resolveSecretBox(source: GatewaySecretSource): ResolvedSecretBox {
  const cacheKey = source.secretKey ? `env:${source.secretKey}` : `dir:${source.pgliteDataDir}`;
  const cached = resolved.get(cacheKey);
  if (cached) return { box: cached.box, generatedFile: null };
  const result = resolveUncached(source);
  resolved.set(cacheKey, result);
  return result;
}

function resolveUncached(source: GatewaySecretSource): ResolvedSecretBox {
  if (source.secretKey !== undefined) {
    const key = parseGatewaySecretKey(source.secretKey);
    assert(key !== null, 'the config schema checked GATEWAY_SECRET_KEY');
    return { box: secretBoxOf(key), generatedFile: null };
  }
  const dataDir = source.pgliteDataDir;
  if (dataDir === undefined) {
    throw new DomainError(
      'CONFLICT',
      'set GATEWAY_SECRET_KEY (32 bytes, hex or base64) to store upstream API keys',
      { setting: 'GATEWAY_SECRET_KEY' },
    );
  }
  if (dataDir.startsWith('memory://')) {
    return { box: secretBoxOf(randomBytes(GATEWAY_SECRET_KEY_BYTES)), generatedFile: null };
  }
  const file = join(dataDir, GENERATED_KEY_FILE);
  mkdirSync(dataDir, { recursive: true });
  let generatedFile: string | null = null;
  try {
    const descriptor = openSync(file, 'wx', 0o600);
    try {
      writeSync(descriptor, randomBytes(GATEWAY_SECRET_KEY_BYTES).toString('hex'));
    } finally {
      closeSync(descriptor);
    }
    generatedFile = file;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = parseGatewaySecretKey(readFileSync(file, 'utf8').trim());
  assert(key !== null, `${file} holds a 32-byte key`);
  return { box: secretBoxOf(key), generatedFile };
}
