import type { Database } from '../db/client.ts';
import {
  authenticateGatewayKey,
  createGatewayKey,
  createGatewayModel,
  listGatewayModels,
  listGatewayKeys,
  updateGatewayModel,
  type SecretBox,
} from '../services/gateway/index.ts';
import { systemActor } from '../services/authz/index.ts';
import { fundDemoGatewayEnterprise } from './demo-gateway-money.ts';
import { demoId } from './demo-parties.ts';

/** The demo's two models, both answered by the test upstream that `npm start` runs. */
const DEMO_MODELS = [
  {
    modelId: 'qwen-demo-filed',
    upstreamModel: 'echo',
    // A filed (备案) model on domestic accelerators: the rate Hangzhou's MaaS rule subsidises.
    filed: true,
    filingNumber: 'Zhejiang-Demo-202501-0001',
    acceleratorOrigin: 'domestic',
    inputPriceFenPerMillion: 400n,
    outputPriceFenPerMillion: 1_200n,
  },
  {
    modelId: 'llama-demo-unfiled',
    upstreamModel: 'echo+drip-20',
    filed: false,
    filingNumber: null,
    acceleratorOrigin: 'imported',
    inputPriceFenPerMillion: 300n,
    outputPriceFenPerMillion: 900n,
  },
] as const;

const DEMO_KEY_NAME = 'demo (npm start)';

export interface DemoGateway {
  models: string[];
  /** The demo key's secret when it is known: just created, or SUANLI_DEMO_API_KEY. */
  apiKey: string | null;
  /** The Hangzhou enterprise the key belongs to (its balances: /api/v1/enterprises/{id}/gateway-wallet). */
  enterpriseId: string;
}

/**
 * Points the demo catalog at this start's test upstream (its port may change between starts)
 * and gives the demo Hangzhou enterprise a gateway key: `SUANLI_DEMO_API_KEY` when set (so
 * scripts know it without reading the log), else one made at the first start (its secret is
 * printed then only). Runs through the services as the system, so every change is audited.
 */
export async function seedDemoGateway(options: {
  db: Database;
  upstreamBaseUrl: string;
  demoApiKey: string | undefined;
  secretBox: () => SecretBox;
  now: Date;
}): Promise<DemoGateway> {
  const { db, now } = options;
  const providerId = demoId('provider:hangzhou');
  const enterpriseId = demoId('enterprise:hangzhou');
  const { models } = await listGatewayModels({
    sql: db,
    actor: systemActor,
    providerId,
    limit: 200,
  });
  for (const demo of DEMO_MODELS) {
    const existing = models.find((model) => model.modelId === demo.modelId);
    if (existing) {
      if (existing.upstreamBaseUrl !== options.upstreamBaseUrl) {
        await updateGatewayModel({
          db,
          actor: systemActor,
          id: existing.id,
          input: { upstreamBaseUrl: options.upstreamBaseUrl },
          secretBox: options.secretBox,
          now,
        });
      }
      continue;
    }
    await createGatewayModel({
      db,
      actor: systemActor,
      secretBox: options.secretBox,
      now,
      input: {
        ...demo,
        providerId,
        upstreamBaseUrl: options.upstreamBaseUrl,
        contextTokensMax: 32_768,
        outputTokensMax: 4_096,
        kind: 'chat',
        regionCode: '330100',
        routeOrder: 100,
      },
    });
  }
  await fundDemoGatewayEnterprise({ db, enterpriseId, now });
  return {
    models: DEMO_MODELS.map((model) => model.modelId),
    apiKey: await demoKey(options, enterpriseId),
    enterpriseId,
  };
}

async function demoKey(
  options: { db: Database; demoApiKey: string | undefined; now: Date },
  enterpriseId: string,
): Promise<string | null> {
  const { db, now } = options;
  const input = {
    name: DEMO_KEY_NAME,
    project: 'demo',
    requestsPerMinute: 600,
    tokensPerMinute: 2_000_000,
  };
  if (options.demoApiKey !== undefined) {
    const known = await authenticateGatewayKey({ sql: db, secret: options.demoApiKey });
    if (!known) {
      await createGatewayKey({
        db,
        actor: systemActor,
        enterpriseId,
        input,
        secret: options.demoApiKey,
        now,
      });
    }
    return options.demoApiKey;
  }
  const { keys } = await listGatewayKeys({ sql: db, actor: systemActor, limit: 200 });
  const present = keys.some(
    (key) =>
      key.enterpriseId === enterpriseId && key.name === DEMO_KEY_NAME && key.revokedAt === null,
  );
  if (present) return null;
  const { secret } = await createGatewayKey({ db, actor: systemActor, enterpriseId, input, now });
  return secret;
}

/** The lines `npm start` prints about the gateway, under the demo users. */
export function formatDemoGateway(gateway: DemoGateway, url: string): string {
  const key =
    gateway.apiKey ??
    '(shown at the first start only; set SUANLI_DEMO_API_KEY=sk-suanli-… to choose it)';
  return [
    `MaaS gateway (OpenAI-compatible): ${url}/v1   models: ${gateway.models.join(', ')}`,
    `  gateway key of 杭州云栖智算科技有限公司: ${key}`,
    `  try: curl ${url}/v1/chat/completions -H "authorization: Bearer ${gateway.apiKey ?? '$KEY'}" -H "content-type: application/json" -d '{"model":"${gateway.models[0] ?? ''}","messages":[{"role":"user","content":"你好"}]}'`,
    `  paid by its model voucher (30 % on the filed model) and wallet; balances, as the enterprise's admin: GET ${url}/api/v1/enterprises/${gateway.enterpriseId}/gateway-wallet`,
    '',
    '',
  ].join('\n');
}
