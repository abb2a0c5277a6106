import type { Sql } from '../../../db/client.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import type { Actor } from '../../authz/actor.ts';
import { authorize, listScope } from '../../authz/authorize.ts';
import {
  GATEWAY_MODEL_COLUMNS,
  toGatewayModel,
  type GatewayModel,
  type GatewayModelRow,
} from './rows.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The catalog as its managers see it, oldest first (ids are time-ordered): operator staff
 * every provider's offerings, a provider admin its own. Keyset pagination after `afterId`.
 *
 * @example
 * const page = await listGatewayModels({ sql: db, actor, limit: 50 });
 */
export async function listGatewayModels(options: {
  sql: Sql;
  actor: Actor;
  /** Only this provider's (NOT_FOUND outside the caller's reach). */
  providerId?: string | undefined;
  afterId?: string | undefined;
  limit: number;
}): Promise<{ models: GatewayModel[]; hasMore: boolean }> {
  const scope = listScope(options.actor, 'gatewayModel.list', options.providerId);
  const rows = await options.sql.query<GatewayModelRow>(
    `select ${GATEWAY_MODEL_COLUMNS} from gateway_models
      where ($1::uuid is null or provider_id = $1) and ($2::uuid is null or id > $2)
      order by id limit $3`,
    [scope.tenantId, options.afterId ?? null, options.limit + 1],
  );
  return {
    models: rows.slice(0, options.limit).map(toGatewayModel),
    hasMore: rows.length > options.limit,
  };
}

/** One offering; NOT_FOUND when absent or another provider's for a provider admin. */
export async function getGatewayModel(options: {
  sql: Sql;
  actor: Actor;
  id: string;
}): Promise<GatewayModel> {
  authorize(options.actor, 'gatewayModel.read');
  const [row] = UUID.test(options.id)
    ? await options.sql.query<GatewayModelRow>(
        `select ${GATEWAY_MODEL_COLUMNS} from gateway_models where id = $1`,
        [options.id],
      )
    : [];
  if (!row) throw new DomainError('NOT_FOUND', `no gateway model ${options.id}`, { field: 'id' });
  const model = toGatewayModel(row);
  authorize(options.actor, 'gatewayModel.read', { tenantId: model.providerId });
  return model;
}
