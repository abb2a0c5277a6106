import { z } from '@hono/zod-openapi';
import { gatewayPriceSchema } from '../../../contracts/gateway-catalog.ts';
import { listGatewayPrices } from '../../../services/gateway/catalog/index.ts';
import { defineRoute } from '../define-route.ts';

/**
 * The MaaS price list, public like the exchange's offers: an enterprise (or anyone comparing)
 * reads every active model's prices, 备案 filing and chip origin without holding a gateway key.
 */
export const listGatewayPricesRoute = defineRoute({
  method: 'get',
  path: '/api/v1/gateway/prices',
  summary: 'The MaaS price list: every active model’s prices per million tokens, 备案, chip origin',
  tags: ['gateway'],
  access: 'public',
  responses: {
    200: {
      description: 'every active offering, by model id',
      schema: z.object({ items: z.array(gatewayPriceSchema) }),
    },
  },
  handler: async (c) => {
    const prices = await listGatewayPrices({ sql: c.get('db') });
    const items = prices.map((price) => ({
      ...price,
      inputPriceFenPerMillion: price.inputPriceFenPerMillion.toString(),
      outputPriceFenPerMillion: price.outputPriceFenPerMillion.toString(),
      cachedInputPriceFenPerMillion: price.cachedInputPriceFenPerMillion.toString(),
    }));
    return c.json({ items }, 200);
  },
});
