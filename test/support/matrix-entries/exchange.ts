/** Matrix entries of the compute exchange's routes. */
import { systemActor } from '../../../src/services/authz/index.ts';
import { createComputeRequest } from '../../../src/services/exchange/index.ts';
import type { MatrixCase, MatrixEntries } from '../api-matrix.ts';
import { signReport, usageReport } from '../exchange-fixtures.ts';
import { registerProvenKey } from '../signing-keys.ts';
import { HOUR_MS, hourAt, offerOf, orderOfCase } from './exchange-data.ts';
import { ensureEnterprise, ensureProvider } from './parties.ts';

const everyone = [
  'operator-admin',
  'reviewer',
  'auditor',
  'enterprise-admin',
  'enterprise-member',
  'provider-admin',
] as const;
const operatorStaff = ['operator-admin', 'reviewer', 'auditor'] as const;
const enterpriseUsers = ['enterprise-admin', 'enterprise-member'] as const;
export const exchangeMatrixEntries: MatrixEntries = {
  'GET /api/v1/exchange/accelerators': {
    allowed: 'public',
    otherTenant: 'any',
    request: (c) => c.client.get('/api/v1/exchange/accelerators'),
  },
  'PUT /api/v1/exchange/accelerators/{id}': {
    allowed: ['operator-admin'],
    otherTenant: 'operator-any',
    request: (c) =>
      c.client.put(`/api/v1/exchange/accelerators/${c.unique()}`, {
        vendor: 'Matrix',
        model: 'M1',
        origin: 'domestic',
        memoryGb: 64,
        fp16DenseTflops: 300,
        powerWatts: 350,
      }),
  },
  'GET /api/v1/exchange/offers': {
    allowed: everyone,
    otherTenant: 'any',
    request: async (c) => {
      await offerOf(c.h, c.tenantOf('provider'));
      return c.client.get('/api/v1/exchange/offers?limit=200');
    },
  },
  'POST /api/v1/exchange/offers': {
    allowed: ['operator-admin', 'provider-admin'],
    otherTenant: 'operator-any',
    okStatus: 201,
    request: async (c) =>
      c.client.post('/api/v1/exchange/offers', {
        providerId: await ensureProvider(c.h, c.tenantOf('provider')),
        acceleratorId: 'ascend-910b',
        cardCount: 4,
        regionCode: '520100',
        pueMilli: 1150,
        greenShareBps: 6000,
        pricePerCardHourFen: '1100',
        window: { from: hourAt(c.h, 2).toISOString(), to: hourAt(c.h, 6).toISOString() },
        minTermHours: 1,
        splittable: false,
      }),
  },
  'PATCH /api/v1/exchange/offers/{id}': {
    allowed: ['operator-admin', 'provider-admin'],
    otherTenant: 'operator-any',
    request: async (c) => {
      const offerId = await offerOf(c.h, c.tenantOf('provider'));
      return c.client.patch(`/api/v1/exchange/offers/${offerId}`, { pricePerCardHourFen: '1250' });
    },
  },
  'POST /api/v1/exchange/offers/{id}/withdraw': {
    allowed: ['operator-admin', 'provider-admin'],
    otherTenant: 'operator-any',
    request: async (c) => {
      const offerId = await offerOf(c.h, c.tenantOf('provider'));
      return c.client.post(`/api/v1/exchange/offers/${offerId}/withdraw`);
    },
  },
  'POST /api/v1/exchange/offers/{id}/buy': {
    allowed: enterpriseUsers,
    otherTenant: 'not-found',
    okStatus: 201,
    request: async (c) => {
      const offerId = await offerOf(c.h, c.h.tenants.providerA);
      const enterpriseId = await ensureEnterprise(c.h, c.tenantOf('enterprise'));
      return c.client.post(`/api/v1/exchange/offers/${offerId}/buy`, {
        enterpriseId,
        cards: 1,
        window: { from: hourAt(c.h, 1).toISOString(), to: hourAt(c.h, 2).toISOString() },
      });
    },
  },
  'POST /api/v1/exchange/offers/{id}/quote': {
    allowed: [...operatorStaff, ...enterpriseUsers],
    otherTenant: 'operator-any',
    request: async (c) => {
      const offerId = await offerOf(c.h, c.h.tenants.providerA);
      const enterpriseId = await ensureEnterprise(c.h, c.tenantOf('enterprise'));
      return c.client.post(`/api/v1/exchange/offers/${offerId}/quote`, {
        enterpriseId,
        cards: 1,
        window: { from: hourAt(c.h, 1).toISOString(), to: hourAt(c.h, 2).toISOString() },
      });
    },
  },
  'GET /api/v1/exchange/orders': {
    allowed: everyone,
    otherTenant: 'filtered',
    operatorSees: 'operator-scope',
    request: async (c) => {
      await orderOfCase(c);
      return c.client.get('/api/v1/exchange/orders?limit=200');
    },
  },
  'GET /api/v1/exchange/orders/{id}': {
    allowed: everyone,
    otherTenant: 'operator-any',
    request: async (c) => c.client.get(`/api/v1/exchange/orders/${(await orderOfCase(c)).id}`),
  },
  'GET /api/v1/exchange/orders/{id}/cancellation': {
    allowed: [...operatorStaff, ...enterpriseUsers],
    otherTenant: 'operator-any',
    request: async (c) =>
      c.client.get(`/api/v1/exchange/orders/${(await orderOfCase(c)).id}/cancellation`),
  },
  'POST /api/v1/exchange/orders/{id}/cancel': {
    allowed: enterpriseUsers,
    otherTenant: 'not-found',
    request: async (c) =>
      c.client.post(`/api/v1/exchange/orders/${(await orderOfCase(c)).id}/cancel`),
  },
  'POST /api/v1/exchange/requests': {
    allowed: enterpriseUsers,
    otherTenant: 'not-found',
    okStatus: 201,
    request: async (c) =>
      c.client.post('/api/v1/exchange/requests', {
        enterpriseId: await ensureEnterprise(c.h, c.tenantOf('enterprise')),
        quantityUnit: 'scu',
        quantity: '1',
        domesticOnly: true,
        latencyClass: 'national',
        window: { from: hourAt(c.h, 30).toISOString(), to: hourAt(c.h, 40).toISOString() },
        maxPriceAfterSubsidy: { per: 'card-hour', fen: '1' },
        splittable: true,
      }),
  },
  'GET /api/v1/exchange/requests': {
    allowed: [...operatorStaff, ...enterpriseUsers],
    otherTenant: 'filtered',
    operatorSees: 'operator-scope',
    request: async (c) => {
      const tenant = c.tenantOf('enterprise');
      const request = await createComputeRequest({
        db: c.h.db,
        actor: systemActor,
        enterpriseId: await ensureEnterprise(c.h, tenant),
        terms: {
          quantityUnit: 'card-hours',
          quantity: 1n,
          acceleratorIds: [],
          domesticOnly: false,
          regionCodes: [],
          latencyClass: 'national',
          window: { from: hourAt(c.h, 30), to: hourAt(c.h, 40) },
          maxPriceAfterSubsidy: { per: 'card-hour', fen: 1n },
          splittable: true,
        },
        now: c.h.clock.now(),
      });
      c.mark(tenant, request.id);
      return c.client.get('/api/v1/exchange/requests?limit=200');
    },
  },
  'POST /api/v1/exchange/requests/{id}/cancel': {
    allowed: enterpriseUsers,
    otherTenant: 'not-found',
    request: async (c) => {
      const request = await createComputeRequest({
        db: c.h.db,
        actor: systemActor,
        enterpriseId: await ensureEnterprise(c.h, c.tenantOf('enterprise')),
        terms: {
          quantityUnit: 'card-hours',
          quantity: 1n,
          acceleratorIds: [],
          domesticOnly: false,
          regionCodes: [],
          latencyClass: 'national',
          window: { from: hourAt(c.h, 30), to: hourAt(c.h, 40) },
          maxPriceAfterSubsidy: { per: 'card-hour', fen: 1n },
          splittable: true,
        },
        now: c.h.clock.now(),
      });
      return c.client.post(`/api/v1/exchange/requests/${request.id}/cancel`);
    },
  },
  'POST /api/v1/exchange/usage-reports': {
    allowed: ['provider-admin'],
    otherTenant: 'not-found',
    okStatus: 201,
    request: async (c) => {
      const order = await orderOfCase(c, true);
      const key = await registerProvenKey({
        sql: c.h.db,
        providerId: order.providerId,
        now: c.h.clock.now(),
      });
      const period = {
        from: order.startsAt.toISOString(),
        to: new Date(order.startsAt.getTime() + HOUR_MS).toISOString(),
      };
      const report = usageReport(order.id, key.fingerprint, period, 'ascend-910b', 2);
      return c.client.post('/api/v1/exchange/usage-reports', {
        report,
        signature: signReport(report, key.pair.privateKey),
      });
    },
  },
  'POST /api/v1/exchange/clearing': {
    allowed: ['operator-admin'],
    otherTenant: 'operator-any',
    request: (c) => c.client.post('/api/v1/exchange/clearing'),
  },
  'POST /api/v1/exchange/payouts': {
    allowed: ['operator-admin'],
    otherTenant: 'operator-any',
    request: (c) => c.client.post('/api/v1/exchange/payouts'),
  },
  ...Object.fromEntries(
    (['csv', 'xlsx'] as const).map((format) => [
      `GET /api/v1/exchange/providers/{id}/statement.${format}`,
      {
        allowed: [...operatorStaff, 'provider-admin'],
        otherTenant: 'operator-any',
        request: async (c: MatrixCase) => {
          const providerId = await ensureProvider(c.h, c.tenantOf('provider'));
          return c.client.get(`/api/v1/exchange/providers/${providerId}/statement.${format}`);
        },
      },
    ]),
  ),
};
