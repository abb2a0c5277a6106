import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE } from '../src/domain/access/login-throttle.ts';
import {
  createApiHarness,
  PASSWORD,
  type ApiHarness,
  type ApiResponse,
} from './support/api-harness.ts';

/**
 * Sign-in throttling instead of lockout (OWASP): growing delays per email and client address,
 * a far higher ceiling per email over all addresses, and the owner never locked out by someone
 * else's guesses. The harness signed every actor in from the in-process address, which is
 * therefore each account's known client; every other address here is new to the account.
 */

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h.close());

const login = (email: string, password: string, remoteAddress?: string): Promise<ApiResponse> =>
  h
    .as('anonymous')
    .post(
      '/api/v1/auth/login',
      { email, password },
      remoteAddress === undefined ? {} : { remoteAddress },
    );

/**
 * Fails `count` times from one address, waiting out (on the harness clock) every 429 it gets;
 * returns the waits it was told, each checked against its header and error code.
 */
async function failFrom(email: string, address: string, count: number): Promise<number[]> {
  const waits: number[] = [];
  for (let failures = 0; failures < count;) {
    const response = await login(email, 'a wrong guess', address);
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after'));
      expect(response.json()).toMatchObject({
        error: { code: 'LOGIN_THROTTLED', details: { retryAfterSeconds: seconds } },
      });
      waits.push(seconds);
      h.clock.advanceSeconds(seconds);
      continue;
    }
    expect(response.status, response.text).toBe(401);
    failures += 1;
  }
  return waits;
}

describe('sign-in throttling', () => {
  it('one address guessing does not lock the owner out: the right password works elsewhere', async () => {
    const owner = h.actors['enterprise-admin@B'];
    await failFrom(owner.email, '198.51.100.66', 10);
    const attacker = await login(owner.email, 'one more guess', '198.51.100.66');
    expect([attacker.status, attacker.errorCode]).toEqual([429, 'LOGIN_THROTTLED']);
    // An address the owner never used before, e.g. a hotel's network.
    const fromElsewhere = await login(owner.email, PASSWORD, '203.0.113.20');
    expect(fromElsewhere.status, fromElsewhere.text).toBe(200);
    const fromUsual = await login(owner.email, PASSWORD);
    expect(fromUsual.status).toBe(200);
  });

  it('gives one email from one address 5 free tries, then waits that double', async () => {
    const target = h.actors['provider-admin@A'];
    const address = '198.51.100.77';
    expect(await failFrom(target.email, address, 12)).toEqual([1, 2, 4, 8, 16, 32]);
    // Held back, even the right password is not checked; after the wait it works and the pair
    // starts afresh.
    const held = await login(target.email, PASSWORD, address);
    expect([held.status, held.headers.get('retry-after')]).toEqual([429, '64']);
    h.clock.advanceSeconds(64);
    expect((await login(target.email, PASSWORD, address)).status).toBe(200);
    expect(await failFrom(target.email, address, 5)).toEqual([]);
    // An email no user has is throttled exactly alike: throttling tells nothing about users.
    expect(await failFrom('nobody.here@example.test', '198.51.100.78', 12)).toEqual([
      1, 2, 4, 8, 16, 32,
    ]);

    // The auditor sees the throttling each failure started.
    const listed = await h
      .as('auditor@A')
      .get(`/api/v1/login-attempts?email=${encodeURIComponent(target.email)}&limit=20`);
    const items = listed.json<{ items: { throttleSeconds: number; clientAddress: string }[] }>()
      .items;
    expect(items.map((item) => item.throttleSeconds)).toEqual([
      0, 0, 0, 0, 0, 64, 32, 16, 8, 4, 2, 1, 0, 0, 0, 0, 0,
    ]);
    expect(new Set(items.map((item) => item.clientAddress))).toEqual(new Set([address]));
  });

  it('counts IPv6 addresses by their /64', async () => {
    const target = h.actors['reviewer@B'];
    for (let host = 1; host <= LOGIN_THROTTLE.pairFreeFailures + 1; host += 1) {
      expect((await login(target.email, 'a wrong guess', `2001:db8:5:6::${host}`)).status).toBe(
        401,
      );
    }
    const sameSubnet = await login(target.email, 'a wrong guess', '2001:db8:5:6:ffff::99');
    expect([sameSubnet.status, sameSubnet.errorCode]).toEqual([429, 'LOGIN_THROTTLED']);
    expect((await login(target.email, 'a wrong guess', '2001:db8:5:7::1')).status).toBe(401);
  });

  it('holds the per-email ceiling over any number of addresses, except the owner’s known ones', async () => {
    const target = h.actors['auditor@B'];
    const ceiling = LOGIN_THROTTLE.accountMaxFailures;
    const address = (index: number) => `198.18.${Math.floor(index / 200)}.${index % 200}`;
    for (let index = 0; index < ceiling; index += 1) {
      const response = await login(target.email, 'a wrong guess', address(index));
      expect(response.status, `failure ${index + 1}: ${response.text}`).toBe(401);
    }
    const fresh = await login(target.email, PASSWORD, address(ceiling));
    expect([fresh.status, fresh.errorCode]).toEqual([429, 'LOGIN_THROTTLED']);
    // The window opened with the harness's own sign-in, a few minutes of test clock ago.
    const retryAfter = Number(fresh.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(LOGIN_THROTTLE.accountWindowSeconds - 3600);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_THROTTLE.accountWindowSeconds);
    // The owner's usual address (the harness signed in from it) is not held back.
    const usual = await login(target.email, PASSWORD);
    expect(usual.status, usual.text).toBe(200);

    const [latest] = (
      await h
        .as('auditor@A')
        .get(`/api/v1/login-attempts?email=${encodeURIComponent(target.email)}&limit=1`)
    ).json<{ items: { ceiling: string | null }[] }>().items;
    expect(latest?.ceiling).toBe('account');

    h.clock.advanceSeconds(LOGIN_THROTTLE.accountWindowSeconds);
    expect((await login(target.email, PASSWORD, address(ceiling + 1))).status).toBe(200);
  });
});
