/** Matrix entries of the publication (公示) routes: public reading and objections, operator work. */
import type { MatrixEntries } from '../api-matrix.ts';
import { monthOf } from '../../../src/services/demo/demo-publications.ts';
import { objectionIn, publicationIn } from './publication-data.ts';

const staff = ['operator-admin', 'reviewer', 'auditor'] as const;

export const publicationMatrixEntries: MatrixEntries = {
  'GET /api/v1/public/publications': {
    allowed: 'public',
    otherTenant: 'any',
    request: async ({ h, client, tenantOf }) => {
      await publicationIn(h, tenantOf('operator'), 'published');
      return client.get('/api/v1/public/publications?limit=5');
    },
  },
  'GET /api/v1/public/publications/{id}': {
    allowed: 'public',
    otherTenant: 'any',
    request: async ({ h, client, tenantOf }) => {
      const { publication } = await publicationIn(h, tenantOf('operator'), 'published');
      return client.get(`/api/v1/public/publications/${publication.id}.csv`);
    },
  },
  'POST /api/v1/public/publications/{id}/objections': {
    allowed: 'public',
    otherTenant: 'any',
    okStatus: 201,
    request: async ({ h, client, tenantOf, unique }) => {
      const { publication } = await publicationIn(h, tenantOf('operator'), 'published');
      return client.post(
        `/api/v1/public/publications/${publication.id}/objections`,
        { body: '矩阵测试：该企业的合同金额明显高于市场价格。' },
        // A fresh address each time, so the per-address rate limit does not trip.
        { headers: { 'x-forwarded-for': `matrix-${unique()}` } },
      );
    },
  },
  'POST /api/v1/publications': {
    allowed: ['operator-admin'],
    otherTenant: 'not-found',
    okStatus: 201,
    request: async ({ h, client, actor }) => {
      // A create addresses no other tenant: the caller lists its own program's redeemed
      // claims (non-operators are refused before the body is read).
      const operator =
        actor !== 'anonymous' && actor.startsWith('operator-')
          ? h.actors[actor].tenant
          : h.tenants.operatorA;
      const { claim } = await publicationIn(h, operator, 'draft');
      return client.post('/api/v1/publications', {
        programId: claim.claim.programId,
        period: monthOf(h.clock.now()),
        title: '矩阵测试：本月兑付名单公示',
        objectionWindowDays: 5,
      });
    },
  },
  'GET /api/v1/publications': {
    allowed: staff,
    otherTenant: 'filtered',
    request: async ({ h, client, tenantOf, mark }) => {
      const tenant = tenantOf('operator');
      const { publication } = await publicationIn(h, tenant, 'draft');
      mark(tenant, publication.id);
      return client.get('/api/v1/publications?limit=200');
    },
  },
  'GET /api/v1/publications/{id}': {
    allowed: staff,
    otherTenant: 'not-found',
    request: async ({ h, client, tenantOf }) => {
      const { publication } = await publicationIn(h, tenantOf('operator'), 'draft');
      return client.get(`/api/v1/publications/${publication.id}`);
    },
  },
  'POST /api/v1/publications/{id}/publish': {
    allowed: ['operator-admin'],
    otherTenant: 'not-found',
    request: async ({ h, client, tenantOf }) => {
      const { publication } = await publicationIn(h, tenantOf('operator'), 'draft');
      return client.post(`/api/v1/publications/${publication.id}/publish`, {});
    },
  },
  'POST /api/v1/publications/{id}/close': {
    allowed: ['operator-admin'],
    otherTenant: 'not-found',
    request: async ({ h, client, tenantOf }) => {
      const { publication } = await publicationIn(h, tenantOf('operator'), 'due');
      return client.post(`/api/v1/publications/${publication.id}/close`, {});
    },
  },
  'GET /api/v1/publications/{id}/objections': {
    allowed: staff,
    otherTenant: 'not-found',
    request: async ({ h, client, tenantOf }) => {
      const { publication } = await publicationIn(h, tenantOf('operator'), 'published');
      return client.get(`/api/v1/publications/${publication.id}/objections?state=open`);
    },
  },
  'POST /api/v1/objections/{id}/resolve': {
    allowed: ['operator-admin', 'reviewer'],
    otherTenant: 'not-found',
    request: async ({ h, client, tenantOf }) => {
      const objectionId = await objectionIn(h, tenantOf('operator'));
      return client.post(`/api/v1/objections/${objectionId}/resolve`, {
        resolution: 'dismissed',
        note: '经核实不成立。',
      });
    },
  },
};
