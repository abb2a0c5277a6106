/** Matrix entries of the programs routes: public reading and calculator, operator publishing. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publishProgramVersion } from '../../../src/services/programs/index.ts';
import type { ApiHarness } from '../api-harness.ts';
import type { MatrixEntries } from '../api-matrix.ts';

const catalogFile = join(import.meta.dirname, '../../../programs/hangzhou-city-compute.v1.yaml');

/** Publishes the Hangzhou city program (idempotent: `exists` after the first time). */
async function ensureHangzhou(h: ApiHarness): Promise<void> {
  await publishProgramVersion({
    sql: h.db,
    yamlText: await readFile(catalogFile, 'utf8'),
    publishedBy: 'matrix',
    now: h.clock.now(),
  });
}

/** A minimal valid program file with a fresh id. */
function programYaml(id: string): string {
  return `id: ${id}
version: 1
name: { zh-CN: 矩阵测试, en: matrix test }
issuer: { zh-CN: 测试局, en: test bureau }
regionCode: "330100"
fiscalYear: 2025
effectiveFrom: "2025-01-01"
allocation: review
disbursement: reimburse-enterprise
eligibility: { purchaseKinds: [compute] }
rates: [{ id: all, label: { zh-CN: 全部, en: all }, rateBps: 1000 }]
sources: [{ title: matrix }]
`;
}

export const programsMatrixEntries: MatrixEntries = {
  'GET /api/v1/programs': {
    allowed: 'public',
    otherTenant: 'any',
    request: async ({ client, h }) => {
      await ensureHangzhou(h);
      return client.get('/api/v1/programs?date=2025-06-01');
    },
  },
  'GET /api/v1/programs/{id}': {
    allowed: 'public',
    otherTenant: 'any',
    request: async ({ client, h }) => {
      await ensureHangzhou(h);
      return client.get('/api/v1/programs/hangzhou-city-compute');
    },
  },
  'GET /api/v1/programs/{id}/budget-left': {
    allowed: 'public',
    otherTenant: 'any',
    request: async ({ client, h }) => {
      await ensureHangzhou(h);
      return client.get('/api/v1/programs/hangzhou-city-compute/budget-left');
    },
  },
  'POST /api/v1/programs/calculate': {
    allowed: 'public',
    otherTenant: 'any',
    request: async ({ client, h }) => {
      await ensureHangzhou(h);
      return client.post('/api/v1/programs/calculate', {
        programId: 'hangzhou-city-compute',
        enterprise: { id: 'e-1', usccRegionCode: '330106', size: 'large', foundedOn: '2015-05-01' },
        purchase: {
          kind: 'compute',
          amountFen: '100000000',
          contractId: 'c-1',
          contractAmountFen: '100000000',
          contractSignedOn: '2025-03-01',
          providerId: 'p-1',
          chipOrigin: 'domestic',
          date: '2025-04-01',
        },
      });
    },
  },
  'POST /api/v1/programs/versions': {
    allowed: ['operator-admin'],
    otherTenant: 'any',
    okStatus: 201,
    request: ({ client, unique }) =>
      client.post('/api/v1/programs/versions', { yaml: programYaml(`matrix-${unique()}`) }),
  },
  'POST /api/v1/programs/versions/preview': {
    allowed: ['operator-admin'],
    otherTenant: 'any',
    request: ({ client, unique }) =>
      client.post('/api/v1/programs/versions/preview', {
        yaml: programYaml(`matrix-${unique()}`),
      }),
  },
};
