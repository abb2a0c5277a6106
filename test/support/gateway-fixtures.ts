/**
 * Gateway test fixtures: a model-service provider and an enterprise (through the services, as
 * the system), catalog offerings pointing at the test upstream, and gateway keys.
 */
import { randomInt } from 'node:crypto';
import type { CreateGatewayModelInput } from '../../src/contracts/gateway-catalog.ts';
import type { Database } from '../../src/db/client.ts';
import { systemActor } from '../../src/services/authz/index.ts';
import {
  createGatewayModel,
  resolveSecretBox,
  type GatewayModel,
} from '../../src/services/gateway/catalog/index.ts';
import { createGatewayKey } from '../../src/services/gateway/keys/index.ts';
import { depositToWallet } from '../../src/services/gateway/metering/index.ts';
import { registerEnterprise, registerProvider } from '../../src/services/parties/index.ts';
import { freshUscc } from './uscc.ts';

/** A fixed key for tests (never a deployment's). */
export const TEST_GATEWAY_SECRET_KEY = 'ab'.repeat(32);
export const testSecretBox = () => resolveSecretBox({ secretKey: TEST_GATEWAY_SECRET_KEY }).box;

export async function createModelProvider(db: Database, now: Date): Promise<string> {
  const { provider } = await registerProvider({
    actor: systemActor,
    sql: db,
    input: {
      uscc: freshUscc('330100'),
      name: `模型服务 ${randomInt(1_000_000)}`,
      kinds: ['model'],
      acceleratorOrigins: ['domestic'],
    },
    now,
  });
  return provider.id;
}

/**
 * An enterprise with `walletFen` in its gateway wallet (default ¥1,000: the gateway bills every
 * call through the ledger, so a key of an enterprise without money gets 402).
 */
export async function createTestEnterprise(
  db: Database,
  now: Date,
  walletFen = 100_000n,
): Promise<string> {
  const { enterprise } = await registerEnterprise({
    actor: systemActor,
    sql: db,
    input: {
      uscc: freshUscc('330106'),
      name: `企业 ${randomInt(1_000_000)}`,
      size: 'small',
      foundedOn: '2020-01-01',
    },
    now,
  });
  if (walletFen > 0n) {
    await depositToWallet({
      db,
      actor: systemActor,
      enterpriseId: enterprise.id,
      amountFen: walletFen,
      reference: 'test deposit',
      now,
    });
  }
  return enterprise.id;
}

/** An offering on the test upstream; `upstreamModel` picks its behaviour (fail-503, …). */
export async function addOffering(
  db: Database,
  options: {
    providerId: string;
    modelId: string;
    upstreamBaseUrl: string;
    upstreamModel: string;
    now: Date;
    overrides?: Partial<CreateGatewayModelInput>;
  },
): Promise<GatewayModel> {
  return createGatewayModel({
    db,
    actor: systemActor,
    secretBox: testSecretBox,
    now: options.now,
    input: {
      providerId: options.providerId,
      modelId: options.modelId,
      upstreamBaseUrl: options.upstreamBaseUrl,
      upstreamModel: options.upstreamModel,
      inputPriceFenPerMillion: 400n,
      outputPriceFenPerMillion: 1200n,
      contextTokensMax: 32_768,
      outputTokensMax: 4_096,
      kind: 'chat',
      filed: true,
      filingNumber: 'Zhejiang-202401-0001',
      acceleratorOrigin: 'domestic',
      regionCode: '330100',
      routeOrder: 100,
      ...options.overrides,
    },
  });
}

export async function addGatewayKey(
  db: Database,
  options: {
    enterpriseId: string;
    now: Date;
    requestsPerMinute?: number;
    tokensPerMinute?: number;
    spendLimitDayFen?: bigint;
  },
): Promise<{ id: string; secret: string }> {
  const { gatewayKey, secret } = await createGatewayKey({
    db,
    actor: systemActor,
    enterpriseId: options.enterpriseId,
    now: options.now,
    input: {
      name: 'test key',
      project: 'tests',
      requestsPerMinute: options.requestsPerMinute ?? 10_000,
      tokensPerMinute: options.tokensPerMinute ?? 100_000_000,
      spendLimitDayFen: options.spendLimitDayFen ?? null,
    },
  });
  return { id: gatewayKey.id, secret };
}
