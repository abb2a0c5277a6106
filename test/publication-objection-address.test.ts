import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitterHash } from '../src/services/publication/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import { publicationIn } from './support/matrix-entries/publication-data.ts';

/**
 * Public objections are limited per client address (5 an hour) with the login's rule: the
 * socket's peer address, and the last `x-forwarded-for` entry only when TRUST_PROXY says one
 * proxy wrote it. A filer's own `x-forwarded-for` must not give it a fresh key with every try.
 */

const SALT = 'objection-address-test-salt';
const objection = (n: number) => ({ body: `第${n}条异议：请核查该企业的合同是否真实。` });

async function publishedPath(h: ApiHarness): Promise<string> {
  const { publication } = await publicationIn(h, h.tenants.operatorA, 'published');
  return `/api/v1/public/publications/${publication.id}/objections`;
}

async function submitterHashes(h: ApiHarness): Promise<string[]> {
  const rows = await h.db.query<{ submitter_hash: string }>(
    'select distinct submitter_hash from publication_objections',
  );
  return rows.map((row) => row.submitter_hash);
}

describe('objection rate limit with TRUST_PROXY off', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness({ env: { SESSION_SECRET: SALT } });
  }, 60_000);
  afterAll(() => h.close());

  it('keys on the socket address: a spoofed x-forwarded-for buys no sixth objection', async () => {
    const path = await publishedPath(h);
    const statuses: number[] = [];
    for (let n = 0; n < 6; n += 1) {
      // Loopback peer, as behind a local proxy the operator did not declare.
      const response = await h.as('anonymous').post(path, objection(n), {
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': `198.51.100.${n}` },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    expect(await submitterHashes(h)).toEqual([submitterHash('127.0.0.1', SALT)]);
  });
});

describe('objection rate limit with TRUST_PROXY on', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness({ env: { SESSION_SECRET: SALT, TRUST_PROXY: 'true' } });
  }, 60_000);
  afterAll(() => h.close());

  it('keys on the entry the proxy appended, not on what the client wrote before it', async () => {
    const path = await publishedPath(h);
    const through = (client: string, proxied: string) => ({
      remoteAddress: '10.0.0.2',
      headers: { 'x-forwarded-for': `${client}, ${proxied}` },
    });
    const statuses: number[] = [];
    for (let n = 0; n < 6; n += 1) {
      const response = await h
        .as('anonymous')
        .post(path, objection(n), through(`198.51.100.${n}`, '203.0.113.7'));
      statuses.push(response.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    const other = await h
      .as('anonymous')
      .post(path, objection(6), through('198.51.100.1', '203.0.113.8'));
    expect(other.status).toBe(201);
    expect((await submitterHashes(h)).sort()).toEqual(
      [submitterHash('203.0.113.7', SALT), submitterHash('203.0.113.8', SALT)].sort(),
    );
  });
});
