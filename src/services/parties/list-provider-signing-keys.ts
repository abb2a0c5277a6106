import type { Sql } from '../../db/client.ts';
import { isUuid } from './rows.ts';
import {
  KEY_COLUMNS,
  toKey,
  type KeyRow,
  type ProviderSigningKey,
} from './register-provider-signing-key.ts';

export interface ListProviderSigningKeysOptions {
  sql: Sql;
  providerId: string;
  /** Include revoked keys (to verify old reports); default false. */
  includeRevoked?: boolean | undefined;
}

/**
 * The Ed25519 keys of a provider, oldest first — what the usage-report verifier checks a
 * signature against (by `fingerprint`). An unknown provider has no keys.
 */
export async function listProviderSigningKeys(
  options: ListProviderSigningKeysOptions,
): Promise<ProviderSigningKey[]> {
  if (!isUuid(options.providerId)) return [];
  const rows = await options.sql.query<KeyRow>(
    `select ${KEY_COLUMNS} from provider_signing_keys
      where provider_id = $1 and ($2 or revoked_at is null) order by id limit 100`,
    [options.providerId, options.includeRevoked === true],
  );
  return rows.map(toKey);
}
