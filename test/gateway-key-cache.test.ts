/**
 * A revoked gateway key is refused by a gateway process once its cached lookup turns over
 * (GATEWAY_KEY_CACHE_MS), and a call with a known key in the cache costs no lookup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, QueryOptions } from '../src/db/client.ts';
import { createGateway, type Gateway } from '../src/gateway/index.ts';
import { GATEWAY_KEY_CACHE_MS, KeyCache } from '../src/gateway/key-cache.ts';
import { createLogger } from '../src/http/logger.ts';
import { systemActor } from '../src/services/authz/index.ts';
import { revokeGatewayKey } from '../src/services/gateway/keys/index.ts';
import { addGatewayKey, createTestEnterprise, testSecretBox } from './support/gateway-fixtures.ts';
import { createTestPglite } from './support/test-database.ts';

let db: Database;
let gateway: Gateway;
let nowMs = Date.parse('2026-12-06T08:00:00Z');

beforeAll(async () => {
  db = await createTestPglite();
  gateway = createGateway({
    db,
    logger: createLogger('silent'),
    secretBox: testSecretBox,
    healthCheckIntervalMs: 0,
    clock: () => new Date(nowMs),
  });
  await gateway.start();
});

afterAll(async () => {
  await gateway.close();
  await db.close();
});

const listModels = (secret: string) =>
  gateway.app.request('/models', { headers: { authorization: `Bearer ${secret}` } });

describe('gateway key cache', () => {
  it('refuses a revoked key once the cached lookup expires', async () => {
    const enterpriseId = await createTestEnterprise(db, new Date(nowMs));
    const key = await addGatewayKey(db, { enterpriseId, now: new Date(nowMs) });
    expect((await listModels(key.secret)).status).toBe(200);
    await revokeGatewayKey({ db, actor: systemActor, id: key.id, now: new Date(nowMs) });
    // Within the cache's life the process still knows the key as it was.
    expect((await listModels(key.secret)).status).toBe(200);
    nowMs += GATEWAY_KEY_CACHE_MS + 1;
    const refused = await listModels(key.secret);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'invalid_api_key' },
    });
  });

  it('answers 401 in OpenAI’s shape without a key or with a malformed one', async () => {
    const none = await gateway.app.request('/models');
    expect(none.status).toBe(401);
    expect((await listModels('sk-not-ours')).status).toBe(401);
  });

  it('shares one lookup among calls arriving together and refreshes a busy key in the background', async () => {
    const enterpriseId = await createTestEnterprise(db, new Date(nowMs));
    const key = await addGatewayKey(db, { enterpriseId, now: new Date(nowMs) });
    let lookups = 0;
    const counting: Database = {
      ...db,
      query: <Row extends object>(
        text: string,
        params?: readonly unknown[],
        options?: QueryOptions,
      ) => {
        if (text.includes('from gateway_keys')) lookups += 1;
        return db.query<Row>(text, params, options);
      },
    };
    const cache = new KeyCache(counting);
    const bearer = `Bearer ${key.secret}`;
    const first = await Promise.all(
      Array.from({ length: 20 }, () => cache.authenticate(bearer, nowMs)),
    );
    expect(first.every((found) => found.id === key.id)).toBe(true);
    expect(lookups).toBe(1);
    // Past 4/5 of the entry's life: answered from the cache at once, one lookup in the background.
    const later = nowMs + (GATEWAY_KEY_CACHE_MS * 9) / 10;
    await Promise.all(Array.from({ length: 20 }, () => cache.authenticate(bearer, later)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lookups).toBe(2);
    // The refreshed entry lives from the refresh: still cached past the first entry's life.
    await cache.authenticate(bearer, nowMs + GATEWAY_KEY_CACHE_MS + 1);
    expect(lookups).toBe(2);
  });
});
