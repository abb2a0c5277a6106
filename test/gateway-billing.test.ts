/**
 * The gateway's money path end to end, through the official `openai` SDK: a Hangzhou SME with a
 * model voucher (the filed model's 30 %) and a wallet calls the gateway; each answer carries its
 * cost, the voucher pays its share, a fallback is billed once at the answering upstream's price,
 * and the enterprise sees its calls and its balances (settled / in flight / committed) move over
 * REST. At the end the ledger holds what the usage records say, and verifies. (402 when the money
 * is gone: gateway-billing-refusal.test.ts.)
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGateway,
  startTestUpstream,
  type Gateway,
  type TestUpstream,
} from '../src/gateway/index.ts';
import { createLogger } from '../src/http/logger.ts';
import { Meter } from '../src/services/gateway/metering/index.ts';
import { verifyLedger } from '../src/services/ledger/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import { addGatewayKey, addOffering, testSecretBox } from './support/gateway-fixtures.ts';
import { setUpGatewayMoney, type GatewayMoneyWorld } from './support/gateway-money-fixtures.ts';
import { serveGateway, type ServedGateway } from './support/gateway-server.ts';

const VOUCHER_FEN = 3_000n;
const WALLET_FEN = 7_000n;
/** One fen per token, in and out: costs in whole fen, easy to read. */
const FEN_PER_TOKEN = 1_000_000n;

let h: ApiHarness;
let world: GatewayMoneyWorld;
let upstream: TestUpstream;
let meter: Meter;
let gateway: Gateway;
let served: ServedGateway;
let baseURL: string;
let client: OpenAI;

beforeAll(async () => {
  h = await createApiHarness();
  const now = h.clock.now();
  world = await setUpGatewayMoney(h.db, {
    voucherFen: VOUCHER_FEN,
    walletFen: WALLET_FEN,
    enterprise: h.tenants.enterpriseA,
    now,
  });
  upstream = await startTestUpstream();
  const base = { providerId: world.providerId, upstreamBaseUrl: upstream.baseUrl, now };
  const prices = {
    inputPriceFenPerMillion: FEN_PER_TOKEN,
    outputPriceFenPerMillion: FEN_PER_TOKEN,
  };
  await addOffering(h.db, {
    ...base,
    modelId: 'filed-chat',
    upstreamModel: 'echo',
    overrides: prices,
  });
  await addOffering(h.db, {
    ...base,
    modelId: 'slow-chat',
    upstreamModel: 'echo+drip-100',
    overrides: prices,
  });
  await addOffering(h.db, {
    ...base,
    modelId: 'fallback',
    upstreamModel: 'fail-503',
    overrides: { ...prices, routeOrder: 1 },
  });
  await addOffering(h.db, {
    ...base,
    modelId: 'fallback',
    upstreamModel: 'echo',
    overrides: {
      routeOrder: 2,
      inputPriceFenPerMillion: 2_000_000n,
      outputPriceFenPerMillion: 3_000_000n,
    },
  });
  meter = new Meter({ db: h.db, clock: h.clock.now, roundIntervalMs: 50, leaseSliceFen: 500n });
  meter.start();
  gateway = createGateway({
    db: h.db,
    logger: createLogger('silent'),
    meter,
    secretBox: testSecretBox,
    healthCheckIntervalMs: 0,
    clock: h.clock.now,
  });
  await gateway.start();
  served = await serveGateway(gateway);
  baseURL = served.baseURL;
  const key = await addGatewayKey(h.db, { enterpriseId: world.enterpriseId, now });
  client = new OpenAI({ baseURL, apiKey: key.secret, maxRetries: 0 });
});

afterAll(async () => {
  await served.close();
  await upstream.close();
  await h.close();
});

interface Cost {
  yuan: string;
  totalFen: string;
  voucherFen: string;
  walletFen: string;
  voucherRateBps: number;
}
const costOf = (usage: unknown) => (usage as { cost: Cost }).cost;

interface Balances {
  wallet: { settledFen: string; inFlightFen: string; committedFen: string };
  vouchers: { settledFen: string; inFlightFen: string; committedFen: string }[];
}

async function balances(): Promise<Balances> {
  const response = await h
    .as('enterprise-admin@A')
    .get(`/api/v1/enterprises/${world.enterpriseId}/gateway-wallet`);
  expect(response.status, response.text).toBe(200);
  return response.json<Balances>();
}

async function usageRecordsOf(requestId: string) {
  await meter.flush();
  return h.db.query<{ provider_id: string; cost_micro_fen: bigint; rate_bps: number }>(
    'select provider_id, cost_micro_fen, rate_bps from gateway_usage_records where request_id = $1',
    [requestId],
  );
}

describe('a call pays its cost, the voucher its share', () => {
  it('answers with usage.cost and the cost headers; the filed model has the voucher pay 30 %', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'filed-chat', messages: [{ role: 'user', content: 'hello there world' }] })
      .withResponse();
    // 3 input + 4 output tokens at 1 fen each: 7 fen, 2.1 of them the voucher's.
    const cost = costOf(data.usage);
    expect(cost).toMatchObject({ yuan: '0.07000000', voucherRateBps: 3000 });
    expect(BigInt(cost.totalFen)).toBe(BigInt(cost.voucherFen) + BigInt(cost.walletFen));
    // Whole fen: the lease's tab bills at least the call's cost (never free by rounding) and
    // less than a fen more per side.
    expect(BigInt(cost.totalFen)).toBeGreaterThanOrEqual(7n);
    expect(BigInt(cost.totalFen)).toBeLessThanOrEqual(9n);
    expect(BigInt(cost.voucherFen)).toBeGreaterThanOrEqual(2n);
    expect(response.headers.get('x-suanli-cost-fen')).toBe(cost.totalFen);
    expect(response.headers.get('x-suanli-subsidy-fen')).toBe(cost.voucherFen);
  });

  it('puts the cost in the final stream chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'filed-chat',
      messages: [{ role: 'user', content: 'one two three' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let usage: unknown = null;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    expect(costOf(usage)).toMatchObject({ yuan: '0.07000000', voucherRateBps: 3000 });
  });

  it('bills a fallback once, at the price of the upstream that answered', async () => {
    const requestId = 'billing-fallback-1';
    const completion = await client.chat.completions.create(
      // At most 50 output tokens: the worst case at the dearer second price stays within ¥100.
      {
        model: 'fallback',
        messages: [{ role: 'user', content: 'are you there' }],
        max_completion_tokens: 50,
      },
      { headers: { 'x-request-id': requestId } },
    );
    expect(upstream.received.filter((call) => call.requestId === requestId)).toHaveLength(2);
    // 3 input tokens × 2 fen + 4 output tokens × 3 fen = 18 fen (at the failed one's price: 7).
    expect(costOf(completion.usage).yuan).toBe('0.18000000');
    const records = await usageRecordsOf(requestId);
    expect(records).toEqual([
      { provider_id: world.providerId, cost_micro_fen: 18_000_000n, rate_bps: 3000 },
    ]);
  });
});

describe('balances and calls over REST', () => {
  it('shows money in flight while a call runs, the calls with their split, and settles on stop', async () => {
    await meter.flush();
    const before = await balances();
    expect(BigInt(before.wallet.inFlightFen)).toBeGreaterThan(0n);
    const stream = await client.chat.completions.create({
      model: 'slow-chat',
      messages: [{ role: 'user', content: 'a b c d e f g h' }],
      stream: true,
    });
    let chunks = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) chunks += 1;
      if (chunks === 2) {
        // Mid-call: the settled balances already count the calls before it.
        await meter.flush();
        const during = await balances();
        expect(BigInt(during.wallet.settledFen)).toBeLessThan(WALLET_FEN);
        expect(BigInt(during.vouchers[0]?.settledFen ?? '0')).toBeLessThan(VOUCHER_FEN);
      }
    }
    const now = h.clock.now().getTime();
    const period = `from=${encodeURIComponent(new Date(now - 3_600_000).toISOString())}&to=${encodeURIComponent(new Date(now + 3_600_000).toISOString())}`;
    await meter.flush();
    const calls = await h
      .as('enterprise-admin@A')
      .get(`/api/v1/enterprises/${world.enterpriseId}/gateway-usage?${period}`);
    expect(calls.status, calls.text).toBe(200);
    const items = calls.json<{
      items: {
        modelId: string;
        costMicroFen: string;
        voucherMicroFen: string;
        walletMicroFen: string;
      }[];
    }>().items;
    expect(items).toHaveLength(4);
    for (const item of items) {
      // The voucher's share is 30 % rounded down to the µfen; the wallet pays the rest.
      expect(BigInt(item.voucherMicroFen)).toBe((BigInt(item.costMicroFen) * 3000n) / 10_000n);
      expect(BigInt(item.voucherMicroFen) + BigInt(item.walletMicroFen)).toBe(
        BigInt(item.costMicroFen),
      );
    }

    await gateway.close();
    const after = await balances();
    expect(after.wallet.inFlightFen).toBe('0');
    expect(after.vouchers[0]?.inFlightFen).toBe('0');
    const [billed] = await h.db.query<{ voucher: bigint; wallet: bigint }>(
      `select sum(billed_voucher_fen)::int8 as voucher, sum(billed_wallet_fen)::int8 as wallet
         from gateway_usage_records where enterprise_id = $1`,
      [world.enterpriseId],
    );
    expect(BigInt(after.wallet.settledFen)).toBe(WALLET_FEN - (billed?.wallet ?? 0n));
    expect(BigInt(after.vouchers[0]?.settledFen ?? '0')).toBe(
      VOUCHER_FEN - (billed?.voucher ?? 0n),
    );
    expect(await verifyLedger({ db: h.db })).toMatchObject({ ok: true });
  });
});
