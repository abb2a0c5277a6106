import type { Sql } from '../../../db/client.ts';
import {
  GATEWAY_MODEL_COLUMNS,
  toGatewayModel,
  type GatewayModel,
  type GatewayModelRow,
} from './rows.ts';

/** An offering as anyone may see it: what it costs and what programs look at, no upstream. */
export type GatewayPrice = Pick<
  GatewayModel,
  | 'modelId'
  | 'providerId'
  | 'kind'
  | 'inputPriceFenPerMillion'
  | 'outputPriceFenPerMillion'
  | 'cachedInputPriceFenPerMillion'
  | 'contextTokensMax'
  | 'outputTokensMax'
  | 'filed'
  | 'filingNumber'
  | 'acceleratorOrigin'
  | 'regionCode'
>;

/**
 * The active offerings' prices, by model id then route order: public, as a market's price list
 * is (`GET /v1/models` says the same to a key holder). Upstream addresses, keys and health stay
 * with the catalog's managers.
 *
 * @example
 * const prices = await listGatewayPrices({ sql: db });
 */
export async function listGatewayPrices(options: { sql: Sql }): Promise<GatewayPrice[]> {
  const rows = await options.sql.query<GatewayModelRow>(
    `select ${GATEWAY_MODEL_COLUMNS} from gateway_models where status = 'active'
      order by model_id, route_order, id`,
  );
  return rows.map((row) => {
    const model = toGatewayModel(row);
    return {
      modelId: model.modelId,
      providerId: model.providerId,
      kind: model.kind,
      inputPriceFenPerMillion: model.inputPriceFenPerMillion,
      outputPriceFenPerMillion: model.outputPriceFenPerMillion,
      cachedInputPriceFenPerMillion: model.cachedInputPriceFenPerMillion,
      contextTokensMax: model.contextTokensMax,
      outputTokensMax: model.outputTokensMax,
      filed: model.filed,
      filingNumber: model.filingNumber,
      acceleratorOrigin: model.acceleratorOrigin,
      regionCode: model.regionCode,
    };
  });
}
