import type { Sql } from '../../../db/client.ts';
import { sha256Hex } from '../../access/secrets.ts';
import { GATEWAY_KEY_PATTERN } from './create-gateway-key.ts';
import { GATEWAY_KEY_COLUMNS, toGatewayKey, type GatewayKey, type GatewayKeyRow } from './rows.ts';

/**
 * Resolves `Authorization: Bearer sk-suanli-…` to its live key: null when malformed, unknown
 * or revoked. The gateway caches the answer for a few seconds (a hit costs no database trip).
 *
 * @example
 * const key = await authenticateGatewayKey({ sql: db, secret });
 */
export async function authenticateGatewayKey(options: {
  sql: Sql;
  secret: string;
}): Promise<GatewayKey | null> {
  if (!GATEWAY_KEY_PATTERN.test(options.secret)) return null;
  const [row] = await options.sql.query<GatewayKeyRow>(
    `select ${GATEWAY_KEY_COLUMNS} from gateway_keys
      where secret_hash = decode($1, 'hex') and revoked_at is null`,
    [sha256Hex(options.secret)],
  );
  return row ? toGatewayKey(row) : null;
}
