/** Matrix entries of the read-only history routes: usage reports of an order, payouts, deposits. */
import type { MatrixCase, MatrixEntries } from '../api-matrix.ts';
import { orderOfCase } from './exchange-data.ts';
import { ensureEnterprise, ensureProvider } from './parties.ts';

const operatorStaff = ['operator-admin', 'reviewer', 'auditor'] as const;
const enterpriseUsers = ['enterprise-admin', 'enterprise-member'] as const;

export const exchangeHistoryMatrixEntries: MatrixEntries = {
  'GET /api/v1/exchange/orders/{id}/usage-reports': {
    allowed: [...operatorStaff, ...enterpriseUsers, 'provider-admin'],
    otherTenant: 'operator-any',
    request: async (c: MatrixCase) =>
      c.client.get(`/api/v1/exchange/orders/${(await orderOfCase(c)).id}/usage-reports`),
  },
  'GET /api/v1/exchange/providers/{id}/payouts': {
    allowed: [...operatorStaff, 'provider-admin'],
    otherTenant: 'operator-any',
    request: async (c: MatrixCase) => {
      const providerId = await ensureProvider(c.h, c.tenantOf('provider'));
      return c.client.get(`/api/v1/exchange/providers/${providerId}/payouts`);
    },
  },
  'GET /api/v1/enterprises/{id}/gateway-wallet/deposits': {
    allowed: [...operatorStaff, ...enterpriseUsers],
    otherTenant: 'operator-any',
    request: async (c: MatrixCase) => {
      const enterpriseId = await ensureEnterprise(c.h, c.tenantOf('enterprise'));
      return c.client.get(`/api/v1/enterprises/${enterpriseId}/gateway-wallet/deposits`);
    },
  },
};
