import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Sql } from '../../db/client.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { toApiKey, API_KEY_COLUMNS, type ApiKey, type ApiKeyRow } from './api-key-row.ts';
import type { PersonActor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { keyScopesFor } from '../authz/permissions.ts';
import { apiKeyScopes, type ApiKeyScope } from './auth-context.ts';
import { randomSecret, sha256Hex } from './secrets.ts';

/** Secrets look like `sk_` + 43 base64url characters (32 random bytes). */
export const API_KEY_PREFIX = 'sk_';
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

export interface CreateApiKeyOptions {
  sql: Sql;
  /**
   * The creator, signed in (a key does not make keys): the key is theirs, belongs to their
   * tenant and acts with their roles.
   */
  actor: PersonActor;
  name: string;
  scopes: readonly string[];
  expiresAt?: Date | null | undefined;
  now: Date;
}

/**
 * Creates an API key of the signed-in actor and returns its secret — the only time it is ever
 * shown; the database keeps its sha256 and the first characters for display. The scopes may
 * not exceed what the actor's roles may do (`keyScopesFor`: an auditor's keys only read):
 * FORBIDDEN naming the scope otherwise. Records `apiKey.create`.
 */
export async function createApiKey(
  options: CreateApiKeyOptions,
): Promise<{ apiKey: ApiKey; secret: string }> {
  const { actor } = options;
  authorize(actor, 'apiKey.create');
  if (actor.via !== 'session') {
    throw new DomainError('FORBIDDEN', 'API keys are created from a signed-in session');
  }
  const name = options.name.trim();
  if (name.length < 1 || name.length > 100) {
    throw new DomainError('VALIDATION_FAILED', 'name: 1 to 100 characters', { field: 'name' });
  }
  const scopes: ApiKeyScope[] = [];
  for (const [index, scope] of options.scopes.entries()) {
    const known = apiKeyScopes.find((candidate) => candidate === scope);
    if (!known) {
      throw new DomainError('VALIDATION_FAILED', `scopes.${index}: unknown scope ${scope}`, {
        field: `scopes.${index}`,
      });
    }
    if (!scopes.includes(known)) scopes.push(known);
  }
  const allowed = keyScopesFor(actor.roles);
  for (const [index, scope] of scopes.entries()) {
    if (!allowed.includes(scope)) {
      throw new DomainError(
        'FORBIDDEN',
        `scopes.${index}: your roles allow keys with ${allowed.join(', ')} only, not ${scope}`,
        { field: `scopes.${index}`, allowed },
      );
    }
  }
  if (scopes.length === 0) {
    throw new DomainError('VALIDATION_FAILED', 'scopes: at least one scope', { field: 'scopes' });
  }
  if (options.expiresAt && options.expiresAt <= options.now) {
    throw new DomainError('VALIDATION_FAILED', 'expiresAt: must be in the future', {
      field: 'expiresAt',
    });
  }
  const secret = `${API_KEY_PREFIX}${randomSecret(32)}`;
  const [row] = await options.sql.query<ApiKeyRow>(
    `insert into api_keys (id, tenant_id, created_by, name, prefix, secret_hash, scopes, created_at, expires_at)
     values ($1, $2, $3, $4, $5, decode($6, 'hex'), $7::text[], $8, $9)
     returning ${API_KEY_COLUMNS}`,
    [
      uuidv7(),
      actor.tenantId,
      actor.userId,
      name,
      secret.slice(0, DISPLAY_PREFIX_LENGTH),
      sha256Hex(secret),
      scopes,
      options.now,
      options.expiresAt ?? null,
    ],
  );
  if (!row) throw new Error('insert into api_keys returned no row');
  const apiKey = toApiKey(row);
  await recordAudit({
    sql: options.sql,
    actor,
    action: 'apiKey.create',
    entity: { type: 'apiKey', id: apiKey.id, tenantId: apiKey.tenantId },
    after: { ...apiKey },
    requestId: actor.requestId,
    now: options.now,
  });
  return { apiKey, secret };
}
