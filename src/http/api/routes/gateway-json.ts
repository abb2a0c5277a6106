import type { z } from '@hono/zod-openapi';
import type { gatewayModelSchema } from '../../../contracts/gateway-catalog.ts';
import type { gatewayKeySchema } from '../../../contracts/gateway-keys.ts';
import type { GatewayModel } from '../../../services/gateway/catalog/index.ts';
import type { GatewayKey } from '../../../services/gateway/keys/index.ts';

export function gatewayModelJson(model: GatewayModel): z.output<typeof gatewayModelSchema> {
  return {
    ...model,
    inputPriceFenPerMillion: model.inputPriceFenPerMillion.toString(),
    outputPriceFenPerMillion: model.outputPriceFenPerMillion.toString(),
    cachedInputPriceFenPerMillion: model.cachedInputPriceFenPerMillion.toString(),
    healthCheckedAt: model.healthCheckedAt?.toISOString() ?? null,
    createdAt: model.createdAt.toISOString(),
    updatedAt: model.updatedAt.toISOString(),
  };
}

export function gatewayKeyJson(key: GatewayKey): z.output<typeof gatewayKeySchema> {
  return {
    ...key,
    spendLimitDayFen: key.spendLimitDayFen?.toString() ?? null,
    spendLimitMonthFen: key.spendLimitMonthFen?.toString() ?? null,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
