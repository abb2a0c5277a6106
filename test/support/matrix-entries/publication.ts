/** Matrix entries of the publication (公示) routes: public reading and objections, operator work. */
import type { Tenant } from '../../../src/services/access/index.ts';
import type { MatrixCase, MatrixEntries } from '../api-matrix.ts';
import { monthOf } from '../../../src/demo/demo-publications.ts';
import { objectionIn, publicationIn } from './publication-data.ts';

const staff = ['operator-admin', 'reviewer', 'auditor'] as const;

/**
 * Where an operator-facing case's publication lives, as on the voucher routes: under the
 * program of the addressed operator tenant (the caller's own, or the other one) for operator
 * staff, under operator B's for everyone else (refused before reading it anyway). `drafter` is
 * the OTHER operator tenant, recorded as the one that drafted it (see publicationIn): the
 * routes must go by the program's owner, so scoping by the drafter fails both ways.
 */
function placeOf(c: MatrixCase): { owner: Tenant; drafter: Tenant } {
  const owner = c.actorKind === 'operator' ? c.tenantOf('operator') : c.h.tenants.operatorB;
  const { operatorA, operatorB } = c.h.tenants;
  return { owner, drafter: owner.id === operatorA.id ? operatorB : operatorA };
}

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
        // A fresh socket address each time, so the per-address rate limit does not trip.
        { remoteAddress: `matrix-${unique()}` },
      );
    },
  },
  'POST /api/v1/publications': {
    allowed: ['operator-admin'],
    otherTenant: 'program-owner',
    okStatus: 201,
    request: async (c) => {
      // The program named in the body is the addressed operator tenant's: another operator's
      // program (or one without an operator tenant) is 404, as on the voucher routes.
      const { owner } = placeOf(c);
      const { claim } = await publicationIn(c.h, owner, 'draft');
      return c.client.post('/api/v1/publications', {
        programId: claim.claim.programId,
        period: monthOf(c.h.clock.now()),
        title: '矩阵测试：本月兑付名单公示',
        objectionWindowDays: 5,
      });
    },
  },
  'GET /api/v1/publications': {
    allowed: staff,
    otherTenant: 'program-owner-filtered',
    request: async (c) => {
      const { owner, drafter } = placeOf(c);
      const { publication } = await publicationIn(c.h, owner, 'draft', undefined, drafter);
      c.markProgram(owner, publication.id);
      return c.client.get('/api/v1/publications?limit=200');
    },
  },
  'GET /api/v1/publications/{id}': {
    allowed: staff,
    otherTenant: 'program-owner',
    request: async (c) => {
      const { owner, drafter } = placeOf(c);
      const { publication } = await publicationIn(c.h, owner, 'draft', undefined, drafter);
      return c.client.get(`/api/v1/publications/${publication.id}`);
    },
  },
  'POST /api/v1/publications/{id}/publish': {
    allowed: ['operator-admin'],
    otherTenant: 'program-owner',
    request: async (c) => {
      const { owner, drafter } = placeOf(c);
      const { publication } = await publicationIn(c.h, owner, 'draft', undefined, drafter);
      return c.client.post(`/api/v1/publications/${publication.id}/publish`, {});
    },
  },
  'POST /api/v1/publications/{id}/close': {
    allowed: ['operator-admin'],
    otherTenant: 'program-owner',
    request: async (c) => {
      const { owner, drafter } = placeOf(c);
      const { publication } = await publicationIn(c.h, owner, 'due', undefined, drafter);
      return c.client.post(`/api/v1/publications/${publication.id}/close`, {});
    },
  },
  'GET /api/v1/publications/{id}/objections': {
    allowed: staff,
    otherTenant: 'program-owner',
    request: async (c) => {
      const { owner, drafter } = placeOf(c);
      const { publication } = await publicationIn(c.h, owner, 'published', undefined, drafter);
      return c.client.get(`/api/v1/publications/${publication.id}/objections?state=open`);
    },
  },
  'POST /api/v1/objections/{id}/resolve': {
    allowed: ['operator-admin', 'reviewer'],
    otherTenant: 'program-owner',
    request: async (c) => {
      const { owner, drafter } = placeOf(c);
      const objectionId = await objectionIn(c.h, owner, drafter);
      return c.client.post(`/api/v1/objections/${objectionId}/resolve`, {
        resolution: 'dismissed',
        note: '经核实不成立。',
      });
    },
  },
};
