import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { LOGIN_THROTTLE } from '../src/domain/access/login-throttle.ts';
import { startServer, type RunningServer } from '../src/http/serve.ts';
import { createApiHarness, PASSWORD, type ApiHarness } from './support/api-harness.ts';

/**
 * Sign-in hardening: the throttle keys on the socket's address (a client's own
 * x-forwarded-for does not buy it fresh tries) unless TRUST_PROXY says a proxy wrote that
 * header, and every failed sign-in is recorded for the auditor without password material.
 * Each guess here is at another email, so only the address-wide ceiling (password spraying)
 * comes into play; test/login-throttling.test.ts has the others.
 */

const guess = (email: string) => ({ email, password: 'guess guess guess' });
const ceiling = LOGIN_THROTTLE.addressMaxFailures;

describe('login rate limit over a real socket (TRUST_PROXY off)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'suanli-login-'));
  let server: RunningServer;
  let base: string;
  beforeAll(async () => {
    server = await startServer({
      config: loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO_DATA: 'false' }),
    });
    base = `http://127.0.0.1:${server.port}`;
  }, 120_000);
  afterAll(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ignores a spoofed x-forwarded-for: the 101st failure from one socket address is 429', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= ceiling; attempt += 1) {
      const response = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': `198.51.${Math.floor(attempt / 200)}.${attempt % 200}`,
        },
        body: JSON.stringify(guess(`nobody${attempt}@example.test`)),
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, ceiling)).toEqual(Array<number>(ceiling).fill(401));
    expect(statuses[ceiling]).toBe(429);
    const [row] = await server.db.query<{ addresses: string[] }>(
      `select array_agg(distinct client_address) as addresses from login_attempts`,
    );
    expect(row?.addresses).toHaveLength(1);
    expect(row?.addresses[0]).toMatch(/127\.0\.0\.1$/);
  });
});

describe('login rate limit behind a proxy (TRUST_PROXY on)', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness({ env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => h.close());

  it('keys on the address the proxy appended, not on what the client wrote before it', async () => {
    const from = (client: string, proxied: string) => ({
      headers: { 'x-forwarded-for': `${client}, ${proxied}` },
    });
    const anonymous = h.as('anonymous');
    for (let attempt = 0; attempt < ceiling; attempt += 1) {
      const response = await anonymous.post(
        '/api/v1/auth/login',
        guess(`proxy${attempt}@example.test`),
        from(`10.9.9.${attempt % 200}`, '203.0.113.7'),
      );
      expect(response.status).toBe(401);
    }
    const limited = await anonymous.post(
      '/api/v1/auth/login',
      guess('proxy-fresh@example.test'),
      from('10.9.9.99', '203.0.113.7'),
    );
    expect([limited.status, limited.errorCode]).toEqual([429, 'LOGIN_THROTTLED']);
    const elsewhere = await anonymous.post(
      '/api/v1/auth/login',
      guess('proxy-other@example.test'),
      from('10.9.9.99', '203.0.113.8'),
    );
    expect(elsewhere.status).toBe(401);
  });
});

describe('failed sign-ins for the auditor', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness();
  });
  afterAll(() => h.close());

  it('records who was tried, from where and why, and the auditor lists it', async () => {
    const target = h.actors['enterprise-member@B'];
    const secret = 'Tr0ub4dor&3 not the password';
    const wrong = await h
      .as('anonymous')
      .post(
        '/api/v1/auth/login',
        { email: target.email, password: secret },
        { remoteAddress: '198.51.100.23' },
      );
    expect(wrong.status).toBe(401);
    const unknown = await h
      .as('anonymous')
      .post('/api/v1/auth/login', guess('ghost@example.test'), { remoteAddress: '198.51.100.24' });
    expect(unknown.status).toBe(401);
    const right = await h
      .as('anonymous')
      .post('/api/v1/auth/login', { email: target.email, password: PASSWORD });
    expect(right.status).toBe(200);

    const listed = await h.as('auditor@A').get('/api/v1/login-attempts?limit=10');
    expect(listed.status).toBe(200);
    const { items } = listed.json<{ items: Record<string, unknown>[] }>();
    expect(
      items.map(({ email, reason, clientAddress, userId, tenantId }) => ({
        email,
        reason,
        clientAddress,
        userId,
        tenantId,
      })),
    ).toEqual([
      {
        email: 'ghost@example.test',
        reason: 'unknown_email',
        clientAddress: '198.51.100.24',
        userId: null,
        tenantId: null,
      },
      {
        email: target.email,
        reason: 'wrong_password',
        clientAddress: '198.51.100.23',
        userId: target.userId,
        tenantId: target.tenant.id,
      },
    ]);
    const stored = await h.db.query('select * from login_attempts');
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(listed.text).not.toContain(secret);

    // A tenant admin sees the attempts against its own users only.
    const own = await h.as('enterprise-admin@B').get('/api/v1/login-attempts');
    expect(own.json<{ items: { email: string }[] }>().items.map((item) => item.email)).toEqual([
      target.email,
    ]);
    const other = await h.as('enterprise-admin@A').get('/api/v1/login-attempts');
    expect(other.json<{ items: unknown[] }>().items).toEqual([]);
  });
});
