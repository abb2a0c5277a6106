/**
 * Routing among a model's offerings: by fixed order, by price, by measured latency; health
 * probes mark an unreachable upstream down in the catalog and routing tries it last; a disabled
 * offering leaves routing at the next refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { probeUpstreams } from '../src/gateway/health-checks.ts';
import { createGateway, startTestUpstream, type TestUpstream } from '../src/gateway/index.ts';
import { RoutingTable } from '../src/gateway/routing-table.ts';
import { createLogger } from '../src/http/logger.ts';
import { systemActor } from '../src/services/authz/index.ts';
import { getGatewayModel, updateGatewayModel } from '../src/services/gateway/catalog/index.ts';
import { addOffering, createModelProvider, testSecretBox } from './support/gateway-fixtures.ts';
import { createTestPglite } from './support/test-database.ts';

let db: Database;
let upstream: TestUpstream;
const ids: Record<'first' | 'cheap' | 'dead', string> = { first: '', cheap: '', dead: '' };

beforeAll(async () => {
  db = await createTestPglite();
  upstream = await startTestUpstream();
  const now = new Date();
  const providerId = await createModelProvider(db, now);
  const base = { providerId, modelId: 'routed', now };
  ids.first = (
    await addOffering(db, {
      ...base,
      upstreamBaseUrl: upstream.baseUrl,
      upstreamModel: 'echo',
      overrides: { routeOrder: 1 },
    })
  ).id;
  ids.cheap = (
    await addOffering(db, {
      ...base,
      upstreamBaseUrl: upstream.baseUrl,
      upstreamModel: 'echo+slow-5',
      overrides: { routeOrder: 2, inputPriceFenPerMillion: 10n, outputPriceFenPerMillion: 10n },
    })
  ).id;
  // Port 9 (discard) on loopback: nothing listens, connections are refused.
  ids.dead = (
    await addOffering(db, {
      ...base,
      upstreamBaseUrl: 'http://127.0.0.1:9/v1',
      upstreamModel: 'echo',
      overrides: { routeOrder: 0 },
    })
  ).id;
});

afterAll(async () => {
  await upstream.close();
  await db.close();
});

function table(strategy: 'order' | 'price' | 'latency'): RoutingTable {
  return new RoutingTable({
    db,
    secretBox: testSecretBox,
    strategy,
    refreshMs: 60_000,
    onError: (error) => {
      throw error;
    },
    onUnreadableKeys: () => undefined,
  });
}

const order = (routing: RoutingTable) => routing.candidates('routed').map((offer) => offer.id);

describe('routing', () => {
  it('orders by route order, by price, and by measured latency', async () => {
    const byOrder = table('order');
    await byOrder.refresh();
    expect(order(byOrder)).toEqual([ids.dead, ids.first, ids.cheap]);
    const byPrice = table('price');
    await byPrice.refresh();
    expect(order(byPrice)[0]).toBe(ids.cheap);
    const byLatency = table('latency');
    await byLatency.refresh();
    byLatency.recordLatency(ids.dead, 50);
    byLatency.recordLatency(ids.first, 2);
    byLatency.recordLatency(ids.cheap, 9);
    expect(order(byLatency)).toEqual([ids.first, ids.cheap, ids.dead]);
  });

  it('probes mark the unreachable upstream down, and routing then tries it last', async () => {
    const gateway = createGateway({
      db,
      logger: createLogger('silent'),
      secretBox: testSecretBox,
      healthCheckIntervalMs: 0,
    });
    await gateway.start();
    const result = await probeUpstreams(gateway.runtime);
    expect(result).toEqual({ up: 2, down: 1 });
    const dead = await getGatewayModel({ sql: db, actor: systemActor, id: ids.dead });
    expect(dead).toMatchObject({ health: 'down', healthLatencyMs: null });
    expect(dead.healthError).not.toBeNull();
    expect(await getGatewayModel({ sql: db, actor: systemActor, id: ids.first })).toMatchObject({
      health: 'up',
    });
    await gateway.runtime.routing.refresh();
    expect(order(gateway.runtime.routing)).toEqual([ids.first, ids.cheap, ids.dead]);
    await gateway.close();
  });

  it('leaves a disabled offering out after the next refresh', async () => {
    const routing = table('order');
    await updateGatewayModel({
      db,
      actor: systemActor,
      id: ids.cheap,
      input: { status: 'disabled' },
      secretBox: testSecretBox,
      now: new Date(),
    });
    await routing.refresh();
    expect(order(routing)).not.toContain(ids.cheap);
  });
});
