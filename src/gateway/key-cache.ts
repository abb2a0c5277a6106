import { createHash } from 'node:crypto';
import type { Database } from '../db/client.ts';
import { DomainError } from '../domain/shared/errors.ts';
import { authenticateGatewayKey, type GatewayKey } from '../services/gateway/keys/index.ts';

/** How long a process trusts a looked-up key: a revocation reaches every process within it. */
export const GATEWAY_KEY_CACHE_MS = 5_000;
const ENTRIES_MAX = 10_000;

interface Entry {
  key: GatewayKey | null;
  expiresAtMs: number;
}

/**
 * Authenticates `Authorization: Bearer sk-suanli-…` with a short in-memory cache keyed by the
 * secret's sha256, so a call with a known key costs no database trip. Unknown keys are cached
 * too (a flood of bad keys does not become a flood of queries). 401 UNAUTHENTICATED otherwise.
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly db: Database) {}

  async authenticate(authorization: string | undefined, nowMs: number): Promise<GatewayKey> {
    const match = authorization === undefined ? null : /^Bearer (\S+)$/.exec(authorization);
    const secret = match?.[1];
    if (secret === undefined) {
      throw new DomainError(
        'UNAUTHENTICATED',
        'send the gateway key as Authorization: Bearer sk-suanli-…',
      );
    }
    const digest = createHash('sha256').update(secret).digest('base64');
    let entry = this.entries.get(digest);
    if (!entry || entry.expiresAtMs <= nowMs) {
      const key = await authenticateGatewayKey({ sql: this.db, secret });
      if (this.entries.size >= ENTRIES_MAX) this.entries.clear();
      entry = { key, expiresAtMs: nowMs + GATEWAY_KEY_CACHE_MS };
      this.entries.set(digest, entry);
    }
    if (entry.key === null)
      throw new DomainError('UNAUTHENTICATED', 'unknown or revoked gateway key');
    return entry.key;
  }
}
