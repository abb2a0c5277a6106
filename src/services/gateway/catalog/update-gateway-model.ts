import type { UpdateGatewayModelInput } from '../../../contracts/gateway-catalog.ts';
import type { Database } from '../../../db/client.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import type { Actor } from '../../authz/actor.ts';
import { authorize } from '../../authz/authorize.ts';
import { assertFilingConsistent } from './offer-checks.ts';
import {
  GATEWAY_MODEL_COLUMNS,
  toGatewayModel,
  type GatewayModel,
  type GatewayModelRow,
} from './rows.ts';
import type { SecretBox } from './secret-box.ts';

export interface UpdateGatewayModelOptions {
  db: Database;
  actor: Actor;
  id: string;
  input: UpdateGatewayModelInput;
  secretBox: () => SecretBox;
  now: Date;
}

/** Column of each field an update may set (the key is handled apart: it is encrypted). */
const COLUMNS = {
  upstreamBaseUrl: 'upstream_base_url',
  upstreamModel: 'upstream_model',
  inputPriceFenPerMillion: 'input_price_fen_per_million',
  outputPriceFenPerMillion: 'output_price_fen_per_million',
  cachedInputPriceFenPerMillion: 'cached_input_price_fen_per_million',
  contextTokensMax: 'context_tokens_max',
  outputTokensMax: 'output_tokens_max',
  filed: 'filed',
  filingNumber: 'filing_number',
  acceleratorOrigin: 'accelerator_origin',
  regionCode: 'region_code',
  routeOrder: 'route_order',
  status: 'status',
} as const satisfies Partial<Record<keyof UpdateGatewayModelInput, string>>;

/**
 * Changes an offering: prices, limits, upstream, filing, routing order, or `status`
 * (`disabled` takes it out of routing at the next catalog refresh, within seconds). A provider
 * admin changes only its own provider's (NOT_FOUND otherwise). `upstreamApiKey: null` removes
 * the stored key; absent keeps it. Records `gatewayModel.update` with before and after.
 *
 * @example
 * await updateGatewayModel({ db, actor, id, secretBox, now, input: { status: 'disabled' } });
 */
export async function updateGatewayModel(
  options: UpdateGatewayModelOptions,
): Promise<GatewayModel> {
  const { actor, input } = options;
  authorize(actor, 'gatewayModel.update');
  const sealedKey =
    input.upstreamApiKey === undefined || input.upstreamApiKey === null
      ? input.upstreamApiKey
      : options.secretBox().encrypt(input.upstreamApiKey);
  return options.db.transaction(async (tx) => {
    const [beforeRow] = await tx.query<GatewayModelRow>(
      `select ${GATEWAY_MODEL_COLUMNS} from gateway_models where id = $1 for update`,
      [options.id],
    );
    if (!beforeRow)
      throw new DomainError('NOT_FOUND', `no gateway model ${options.id}`, { field: 'id' });
    const before = toGatewayModel(beforeRow);
    authorize(actor, 'gatewayModel.update', { tenantId: before.providerId });
    const filed = input.filed ?? before.filed;
    const filingNumber =
      input.filingNumber === undefined ? before.filingNumber : input.filingNumber;
    assertFilingConsistent(filed, filingNumber);
    const sets: string[] = [];
    const params: unknown[] = [options.id, options.now];
    for (const [field, column] of Object.entries(COLUMNS)) {
      const value = input[field as keyof typeof COLUMNS];
      if (value === undefined || (field === 'filingNumber' && !filed)) continue;
      params.push(typeof value === 'bigint' ? value.toString() : value);
      sets.push(`${column} = $${params.length}`);
    }
    if (sealedKey !== undefined) {
      params.push(sealedKey);
      sets.push(`upstream_api_key_encrypted = $${params.length}`);
    }
    if (!filed) sets.push('filing_number = null');
    const [afterRow] = await tx.query<GatewayModelRow>(
      `update gateway_models set ${[...sets, 'updated_at = $2'].join(', ')}
        where id = $1 returning ${GATEWAY_MODEL_COLUMNS}`,
      params,
    );
    if (!afterRow) throw new Error('gateway model vanished while locked');
    const after = toGatewayModel(afterRow);
    await recordAudit({
      sql: tx,
      actor,
      action: 'gatewayModel.update',
      entity: { type: 'gatewayModel', id: after.id, tenantId: after.providerId },
      before,
      after,
      requestId: actor.requestId,
      now: options.now,
    });
    return after;
  });
}
