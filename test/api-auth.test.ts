import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, PASSWORD, type ApiHarness } from './support/api-harness.ts';

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h.close();
});

describe('sessions', () => {
  it('logs in with HttpOnly session and readable CSRF cookies, and /me names the user', async () => {
    const actor = h.actors['enterprise-admin@A'];
    const res = await h.as('anonymous').post('/api/v1/auth/login', {
      email: actor.email.toUpperCase(),
      password: PASSWORD,
    });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((line) => line.startsWith('suanli_session='));
    const csrf = cookies.find((line) => line.startsWith('suanli_csrf='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Path=\//);
    expect(csrf).not.toMatch(/HttpOnly/);
    const me = await h.as('enterprise-admin@A').get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.json<{ user: { id: string; roles: string[] } }>().user).toMatchObject({
      id: actor.userId,
      roles: ['enterprise-admin'],
    });
  });

  it('refuses a wrong password without saying whether the email exists', async () => {
    const wrong = await h.as('anonymous').post('/api/v1/auth/login', {
      email: h.actors['reviewer@A'].email,
      password: 'not the password',
    });
    const unknown = await h.as('anonymous').post('/api/v1/auth/login', {
      email: 'nobody@example.test',
      password: 'not the password',
    });
    expect([wrong.status, wrong.errorCode]).toEqual([401, 'UNAUTHENTICATED']);
    expect([unknown.status, unknown.errorCode]).toEqual([401, 'UNAUTHENTICATED']);
    expect(wrong.json<{ error: { message: string } }>().error.message).toBe(
      unknown.json<{ error: { message: string } }>().error.message,
    );
  });

  it('locks nobody out: the right password works after wrong ones from many addresses', async () => {
    // The per-account ceiling (test/login-throttling.test.ts) is far above a handful of typos
    // or a NAT full of colleagues; an account lockout here was a denial of service.
    const email = h.actors['auditor@B'].email;
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const res = await h
        .as('anonymous')
        .post(
          '/api/v1/auth/login',
          { email, password: 'guess guess guess' },
          { remoteAddress: `10.0.0.${attempt}` },
        );
      expect(res.status).toBe(401);
    }
    const right = await h
      .as('anonymous')
      .post('/api/v1/auth/login', { email, password: PASSWORD }, { remoteAddress: '10.0.1.1' });
    expect(right.status).toBe(200);
  });

  it('needs the CSRF header on cookie-authenticated state changes', async () => {
    const body = { name: 'no csrf', scopes: ['read'] };
    const without = await h
      .as('provider-admin@A')
      .post('/api/v1/api-keys', body, { omitCsrf: true });
    expect([without.status, without.errorCode]).toEqual([403, 'CSRF_FAILED']);
    const wrong = await h.as('provider-admin@A').post('/api/v1/api-keys', body, {
      headers: { 'x-csrf-token': h.actors['provider-admin@B'].csrfToken },
    });
    expect(wrong.errorCode).toBe('CSRF_FAILED');
    const ok = await h.as('provider-admin@A').post('/api/v1/api-keys', body);
    expect(ok.status).toBe(201);
  });

  it('ends the session on logout; the old cookie no longer works', async () => {
    const actor = h.actors['enterprise-member@B'];
    const login = await h
      .as('anonymous')
      .post('/api/v1/auth/login', { email: actor.email, password: PASSWORD });
    const { csrfToken } = login.json<{ csrfToken: string }>();
    const token = login.headers
      .getSetCookie()
      .find((line) => line.startsWith('suanli_session='))
      ?.split(';')[0];
    const client = h.raw({ cookie: `${token}`, 'x-csrf-token': csrfToken });
    expect((await client.get('/api/v1/me')).status).toBe(200);
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204);
    const after = await client.get('/api/v1/me');
    expect([after.status, after.errorCode]).toEqual([401, 'UNAUTHENTICATED']);
    const sessions = async () =>
      (
        await h.db.query<{ n: bigint }>(
          'select count(*)::int8 as n from sessions where user_id = $1 and revoked_at is not null',
          [actor.userId],
        )
      )[0]?.n;
    expect(await sessions()).toBe(1n);
    await h.as('anonymous').post('/api/v1/auth/login', { email: actor.email, password: PASSWORD });
    expect(await sessions()).toBe(0n);
  });

  it('expires sessions after 12 hours', async () => {
    const actor = h.actors['provider-admin@B'];
    const login = await h
      .as('anonymous')
      .post('/api/v1/auth/login', { email: actor.email, password: PASSWORD });
    const token = login.headers.getSetCookie()[0]?.split(';')[0];
    const client = h.raw({ cookie: `${token}` });
    expect((await client.get('/api/v1/me')).status).toBe(200);
    h.clock.advanceSeconds(12 * 60 * 60 + 1);
    expect((await client.get('/api/v1/me')).errorCode).toBe('UNAUTHENTICATED');
  });
});
