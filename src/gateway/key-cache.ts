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
  /** From this instant the next call starts a lookup in the background (the entry still serves). */
  refreshAtMs: number;
}

/**
 * Authenticates `Authorization: Bearer sk-suanli-…` with a short in-memory cache keyed by the
 * secret's sha256, so a call with a known key costs no database trip. Unknown keys are cached
 * too (a flood of bad keys does not become a flood of queries). 401 UNAUTHENTICATED otherwise.
 *
 * A busy key never waits for its lookup: past 4/5 of an entry's life one lookup runs in the
 * background while the entry still answers, and a lookup that must be awaited (new key, or an
 * entry expired) is shared by every call asking meanwhile. Before this, each call that found its
 * entry expired ran its own lookup, and all of them waited on the database together (a tail of
 * the gateway's latency, docs/benchmarks.md). A revocation still reaches the process within
 * GATEWAY_KEY_CACHE_MS: no entry answers past the life of the lookup that filled it.
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly lookups = new Map<string, Promise<Entry>>();

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
      entry = await this.lookUp(digest, secret, nowMs);
    } else if (entry.refreshAtMs <= nowMs && !this.lookups.has(digest)) {
      // Failures are left to the call that finds the entry expired: it awaits its own lookup.
      this.lookUp(digest, secret, nowMs).catch(() => undefined);
    }
    if (entry.key === null)
      throw new DomainError('UNAUTHENTICATED', 'unknown or revoked gateway key');
    return entry.key;
  }

  /** One lookup per secret at a time; its entry replaces the cached one. */
  private lookUp(digest: string, secret: string, nowMs: number): Promise<Entry> {
    let lookup = this.lookups.get(digest);
    if (!lookup) {
      lookup = authenticateGatewayKey({ sql: this.db, secret })
        .then((key) => {
          if (this.entries.size >= ENTRIES_MAX) this.entries.clear();
          const entry = {
            key,
            expiresAtMs: nowMs + GATEWAY_KEY_CACHE_MS,
            refreshAtMs: nowMs + (GATEWAY_KEY_CACHE_MS * 4) / 5,
          };
          this.entries.set(digest, entry);
          return entry;
        })
        .finally(() => this.lookups.delete(digest));
      this.lookups.set(digest, lookup);
    }
    return lookup;
  }
}
