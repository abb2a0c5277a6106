import type { Sql } from '../../db/client.ts';
import type { Provider } from '../../domain/parties/provider.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { isUuid, PROVIDER_COLUMNS, toProvider, type ProviderRow } from './rows.ts';

export interface GetProviderOptions {
  sql: Sql;
  /** Who reads; checked against the permission table. */
  actor: Actor;
  /** The provider id (= its tenant id). */
  providerId: string;
}

/**
 * One provider by id (`provider.read`: every signed-in user, enterprises choose among them);
 * NOT_FOUND when there is none (also for a malformed id).
 */
export async function getProvider(options: GetProviderOptions): Promise<Provider> {
  const { providerId } = options;
  authorize(options.actor, 'provider.read', { tenantId: providerId });
  const [row] = isUuid(providerId)
    ? await options.sql.query<ProviderRow>(
        `select ${PROVIDER_COLUMNS} from providers where id = $1`,
        [providerId],
      )
    : [];
  if (row === undefined) {
    throw new DomainError('NOT_FOUND', `no provider ${providerId}`, { field: 'providerId' });
  }
  return toProvider(row);
}
