/** Matrix entries of the gateway's money routes: wallet deposits, balances, usage, exports. */
import { randomUUID } from 'node:crypto';
import type { Tenant } from '../../../src/services/access/index.ts';
import { insertUsageRecords } from '../../../src/services/gateway/usage/usage-record.ts';
import type { ApiHarness } from '../api-harness.ts';
import type { MatrixCase, MatrixEntries } from '../api-matrix.ts';
import { ensureEnterprise } from './parties.ts';

const readers = [
  'operator-admin',
  'reviewer',
  'auditor',
  'enterprise-admin',
  'enterprise-member',
] as const;

/** One model call of `tenant` (marked as its), and the query period around it. */
async function callOf(c: MatrixCase, tenant: Tenant): Promise<string> {
  await ensureEnterprise(c.h, tenant);
  const keyId = `key-${c.unique()}`;
  const now = c.h.clock.now();
  await insertUsageRecords(c.h.db, [
    {
      id: randomUUID(),
      requestId: `req-${c.unique()}`,
      enterpriseId: tenant.id,
      projectId: null,
      keyId,
      modelId: 'matrix-model',
      providerId: randomUUID(),
      programId: null,
      grantId: null,
      leaseId: randomUUID(),
      status: 'ok',
      inputTokens: 100,
      outputTokens: 50,
      cachedInputTokens: 0,
      latencyMs: 12,
      firstTokenMs: 3,
      rateBps: 0,
      costMicroFen: 100_000n,
      voucherMicroFen: 0n,
      walletMicroFen: 100_000n,
      billedFen: 1n,
      billedVoucherFen: 0n,
      billedWalletFen: 1n,
      createdAt: now,
    },
  ]);
  c.mark(tenant, keyId);
  return keyId;
}

function periodOf(h: ApiHarness): string {
  const now = h.clock.now().getTime();
  const from = new Date(now - 24 * 3600 * 1000).toISOString();
  const to = new Date(now + 24 * 3600 * 1000).toISOString();
  return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
}

function enterpriseRead(path: string): MatrixEntries[string] {
  return {
    allowed: readers,
    otherTenant: 'operator-any',
    request: async (c) => {
      const tenant = c.tenantOf('enterprise');
      await callOf(c, tenant);
      return c.client.get(`/api/v1/enterprises/${tenant.id}/${path}?${periodOf(c.h)}`);
    },
  };
}

export const gatewayUsageMatrixEntries: MatrixEntries = {
  'POST /api/v1/enterprises/{id}/gateway-wallet/deposits': {
    allowed: ['operator-admin'],
    otherTenant: 'operator-any',
    okStatus: 201,
    request: async (c) => {
      const id = await ensureEnterprise(c.h, c.tenantOf('enterprise'));
      return c.client.post(`/api/v1/enterprises/${id}/gateway-wallet/deposits`, {
        amountFen: '100',
        reference: `matrix ${c.unique()}`,
      });
    },
  },
  'GET /api/v1/enterprises/{id}/gateway-wallet': {
    allowed: readers,
    otherTenant: 'operator-any',
    request: async (c) => {
      const id = await ensureEnterprise(c.h, c.tenantOf('enterprise'));
      return c.client.get(`/api/v1/enterprises/${id}/gateway-wallet`);
    },
  },
  'GET /api/v1/enterprises/{id}/gateway-usage': enterpriseRead('gateway-usage'),
  'GET /api/v1/enterprises/{id}/gateway-usage.csv': enterpriseRead('gateway-usage.csv'),
  'GET /api/v1/enterprises/{id}/gateway-usage.xlsx': enterpriseRead('gateway-usage.xlsx'),
  'GET /api/v1/gateway-usage/summary': {
    allowed: readers,
    otherTenant: 'filtered',
    // Operator staff read every enterprise's calls (the platform's MaaS view).
    operatorSees: 'operator-scope',
    request: async (c) => {
      await callOf(c, c.tenantOf('enterprise'));
      return c.client.get(`/api/v1/gateway-usage/summary?by=key&${periodOf(c.h)}`);
    },
  },
};
