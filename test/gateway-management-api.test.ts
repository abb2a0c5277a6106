/**
 * The gateway's management API over HTTP: a provider admin lists its own models with an
 * upstream key that never comes back out (not in responses, not in the audit log, not in clear
 * in the database); an enterprise admin creates a gateway key whose secret is shown once and
 * revokes it. Who may do what is the authorization matrix's; this is what the data looks like.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import { TEST_GATEWAY_SECRET_KEY } from './support/gateway-fixtures.ts';
import { ensureEnterprise, ensureProvider } from './support/matrix-entries/parties.ts';

let h: ApiHarness;
let providerId: string;

beforeAll(async () => {
  h = await createApiHarness({ env: { GATEWAY_SECRET_KEY: TEST_GATEWAY_SECRET_KEY } });
  providerId = await ensureProvider(h, h.tenants.providerA);
  await h.db.query(`update providers set kinds = array['compute', 'model'] where id = $1`, [
    providerId,
  ]);
  await ensureEnterprise(h, h.tenants.enterpriseA);
});

afterAll(async () => {
  await h.close();
});

const offering = {
  modelId: 'deepseek-v3',
  upstreamBaseUrl: 'https://api.example-model.cn/v1',
  upstreamModel: 'deepseek-chat',
  upstreamApiKey: 'sk-very-secret-upstream-key',
  inputPriceFenPerMillion: '200',
  outputPriceFenPerMillion: '800',
  contextTokensMax: 65_536,
  outputTokensMax: 8_192,
  filed: true,
  filingNumber: 'Beijing-202401-0007',
  acceleratorOrigin: 'domestic',
  regionCode: '330100',
};

describe('the model catalog API', () => {
  it('stores the upstream key encrypted and never shows it', async () => {
    const created = await h.as('provider-admin@A').post('/api/v1/gateway/models', offering);
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({
      providerId,
      hasUpstreamApiKey: true,
      cachedInputPriceFenPerMillion: '200',
      health: 'unknown',
    });
    expect(created.text).not.toContain('sk-very-secret');
    const [row] = await h.db.query<{ sealed: Uint8Array }>(
      'select upstream_api_key_encrypted as sealed from gateway_models where model_id = $1',
      ['deepseek-v3'],
    );
    expect(Buffer.from(row!.sealed).includes(Buffer.from('sk-very-secret'))).toBe(false);
    const audit = await h.db.query<{ after_json: string }>(
      `select after_json from audit_events where action = 'gatewayModel.create'`,
    );
    expect(audit.map((event) => event.after_json).join('')).not.toContain('sk-very-secret');
  });

  it('refuses the same offer twice, a filed model without its number, and a non-model provider', async () => {
    const again = await h.as('provider-admin@A').post('/api/v1/gateway/models', offering);
    expect(again.errorCode).toBe('CONFLICT');
    const unnumbered = await h
      .as('provider-admin@A')
      .post('/api/v1/gateway/models', { ...offering, modelId: 'other', filingNumber: null });
    expect(unnumbered.errorCode).toBe('VALIDATION_FAILED');
    const computeOnly = await ensureProvider(h, h.tenants.providerB);
    const wrongKind = await h
      .as('operator-admin@A')
      .post('/api/v1/gateway/models', { ...offering, providerId: computeOnly });
    expect(wrongKind.errorCode).toBe('VALIDATION_FAILED');
  });

  it('disables an offering and unfiles it (the number goes with it)', async () => {
    const list = await h.as('provider-admin@A').get('/api/v1/gateway/models');
    const id = list.json<{ items: { id: string }[] }>().items[0]!.id;
    const changed = await h
      .as('provider-admin@A')
      .patch(`/api/v1/gateway/models/${id}`, { status: 'disabled', filed: false });
    expect(changed.json()).toMatchObject({ status: 'disabled', filed: false, filingNumber: null });
  });

  it('publishes the active models’ prices to anyone, without their upstreams', async () => {
    const listed = { ...offering, modelId: 'qwen-price-list', upstreamApiKey: 'sk-upstream-two' };
    expect((await h.as('provider-admin@A').post('/api/v1/gateway/models', listed)).status).toBe(
      201,
    );
    const prices = await h.as('anonymous').get('/api/v1/gateway/prices');
    expect(prices.status).toBe(200);
    // deepseek-v3 was disabled above: only active offerings are priced.
    expect(prices.json()).toEqual({
      items: [
        {
          modelId: 'qwen-price-list',
          providerId,
          kind: 'chat',
          inputPriceFenPerMillion: '200',
          outputPriceFenPerMillion: '800',
          cachedInputPriceFenPerMillion: '200',
          contextTokensMax: 65_536,
          outputTokensMax: 8_192,
          filed: true,
          filingNumber: 'Beijing-202401-0007',
          acceleratorOrigin: 'domestic',
          regionCode: '330100',
        },
      ],
    });
    expect(prices.text).not.toContain('example-model.cn');
  });
});

describe('the gateway key API', () => {
  it('shows the secret once, lists without it, and revokes', async () => {
    const created = await h.as('enterprise-admin@A').post('/api/v1/gateway/keys', {
      name: 'support bot',
      project: 'support',
      requestsPerMinute: 120,
      spendLimitMonthFen: '50000',
    });
    expect(created.status).toBe(201);
    const { secret, gatewayKey } = created.json<{
      secret: string;
      gatewayKey: { id: string; prefix: string };
    }>();
    expect(secret).toMatch(/^sk-suanli-[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(gatewayKey.prefix)).toBe(true);
    const list = await h.as('enterprise-admin@A').get('/api/v1/gateway/keys');
    expect(list.text).not.toContain(secret);
    expect(list.json()).toMatchObject({
      items: [
        {
          id: gatewayKey.id,
          project: 'support',
          requestsPerMinute: 120,
          spendLimitMonthFen: '50000',
        },
      ],
    });
    const revoked = await h
      .as('enterprise-admin@A')
      .delete(`/api/v1/gateway/keys/${gatewayKey.id}`);
    expect(revoked.json<{ revokedAt: string | null }>().revokedAt).not.toBeNull();
  });
});
