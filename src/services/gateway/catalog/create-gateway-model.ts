import { v7 as uuidv7 } from 'uuid';
import type { CreateGatewayModelInput } from '../../../contracts/gateway-catalog.ts';
import type { Database } from '../../../db/client.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { recordAudit } from '../../audit/record-audit.ts';
import { isPerson, type Actor } from '../../authz/actor.ts';
import { authorize } from '../../authz/authorize.ts';
import {
  GATEWAY_MODEL_COLUMNS,
  toGatewayModel,
  type GatewayModel,
  type GatewayModelRow,
} from './rows.ts';
import type { SecretBox } from './secret-box.ts';
import { assertFilingConsistent, duplicateOfferError } from './offer-checks.ts';

export interface CreateGatewayModelOptions {
  db: Database;
  /** An operator admin (any provider) or a provider admin (its own provider only). */
  actor: Actor;
  input: CreateGatewayModelInput;
  /** Encrypts the upstream key; resolved only when the input carries one. */
  secretBox: () => SecretBox;
  now: Date;
}

/**
 * Adds an upstream offering of a public model id to the catalog, with an audit event (the
 * key never appears in it, only whether one is stored). The provider must be a model-service
 * provider (`kinds` holds `model`): VALIDATION_FAILED otherwise; a provider admin naming
 * another provider is NOT_FOUND. The same offer twice (model id, provider, base URL, upstream
 * model) is 409 CONFLICT.
 *
 * @example
 * const model = await createGatewayModel({ db, actor, secretBox, now, input: {
 *   modelId: 'qwen2.5-72b', upstreamBaseUrl: 'http://10.0.3.7:8000/v1', upstreamModel: 'Qwen/Qwen2.5-72B-Instruct',
 *   inputPriceFenPerMillion: 400n, outputPriceFenPerMillion: 1200n, contextTokensMax: 32768,
 *   outputTokensMax: 8192, kind: 'chat', filed: true, filingNumber: 'Zhejiang-202401-001',
 *   acceleratorOrigin: 'domestic', regionCode: '330100', routeOrder: 100 } });
 */
export async function createGatewayModel(
  options: CreateGatewayModelOptions,
): Promise<GatewayModel> {
  const { actor, input } = options;
  authorize(actor, 'gatewayModel.create');
  const providerId = input.providerId ?? (isPerson(actor) ? actor.tenantId : undefined);
  if (providerId === undefined) {
    throw new DomainError('VALIDATION_FAILED', 'providerId: required', { field: 'providerId' });
  }
  authorize(actor, 'gatewayModel.create', { tenantId: providerId });
  assertFilingConsistent(input.filed, input.filingNumber ?? null);
  const sealedKey = input.upstreamApiKey ? options.secretBox().encrypt(input.upstreamApiKey) : null;
  return options.db.transaction(async (tx) => {
    const [provider] = await tx.query<{ kinds: string[] }>(
      'select kinds from providers where id = $1',
      [providerId],
    );
    if (!provider)
      throw new DomainError('NOT_FOUND', `no provider ${providerId}`, { field: 'providerId' });
    if (!provider.kinds.includes('model')) {
      throw new DomainError('VALIDATION_FAILED', 'providerId: not a model-service provider', {
        field: 'providerId',
      });
    }
    const rows = await tx.query<GatewayModelRow>(
      `insert into gateway_models (id, model_id, provider_id, upstream_base_url, upstream_model,
         upstream_api_key_encrypted, input_price_fen_per_million, output_price_fen_per_million,
         cached_input_price_fen_per_million, context_tokens_max, output_tokens_max, kind, filed,
         filing_number, accelerator_origin, region_code, route_order, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)
       on conflict (model_id, provider_id, upstream_base_url, upstream_model) do nothing
       returning ${GATEWAY_MODEL_COLUMNS}`,
      [
        uuidv7(),
        input.modelId,
        providerId,
        input.upstreamBaseUrl,
        input.upstreamModel,
        sealedKey,
        input.inputPriceFenPerMillion.toString(),
        input.outputPriceFenPerMillion.toString(),
        (input.cachedInputPriceFenPerMillion ?? input.inputPriceFenPerMillion).toString(),
        input.contextTokensMax,
        input.outputTokensMax,
        input.kind,
        input.filed,
        input.filed ? (input.filingNumber ?? null) : null,
        input.acceleratorOrigin,
        input.regionCode,
        input.routeOrder,
        options.now,
      ],
    );
    const [row] = rows;
    if (!row) throw duplicateOfferError(input.modelId);
    const model = toGatewayModel(row);
    await recordAudit({
      sql: tx,
      actor,
      action: 'gatewayModel.create',
      entity: { type: 'gatewayModel', id: model.id, tenantId: model.providerId },
      after: model,
      requestId: actor.requestId,
      now: options.now,
    });
    return model;
  });
}
