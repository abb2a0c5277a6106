import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyNow, createOffer } from '../src/services/exchange/index.ts';
import { systemActor } from '../src/services/authz/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import { registerComputeCentre, registerSme } from './support/exchange-fixtures.ts';
import { registerProvenKey, type Ed25519Pair } from './support/signing-keys.ts';

/**
 * `suanli provider sign-usage`: a provider signs a usage report with its key file and posts it
 * to a running server with an API key; the platform verifies and settles it.
 */
const dir = mkdtempSync(join(tmpdir(), 'suanli-provider-cli-'));
let h: ApiHarness;
let server: ServerType;
let baseUrl: string;
let orderId: string;
const keyFile = join(dir, 'provider.pem');
const HOUR_MS = 3_600_000;

function suanli(
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, DATA_DIR: join(dir, 'data'), DATABASE_URL: '', LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

beforeAll(async () => {
  h = await createApiHarness();
  const enterpriseId = await registerSme(h, 'A', '510104');
  const providerId = await registerComputeCentre(h, 'B', 'domestic', '520100');
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const pair: Ed25519Pair = {
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privateKey,
  };
  await registerProvenKey({ sql: h.db, providerId, now: h.clock.now(), pair });
  const start = new Date(Math.floor(h.clock.now().getTime() / HOUR_MS) * HOUR_MS - 4 * HOUR_MS);
  const window = { from: start, to: new Date(start.getTime() + 2 * HOUR_MS) };
  const offer = await createOffer({
    db: h.db,
    actor: systemActor,
    providerId,
    terms: {
      acceleratorId: 'ascend-910b',
      cardCount: 8,
      regionCode: '520100',
      pueMilli: 1200,
      greenShareBps: 6000,
      pricePerCardHourFen: 1200n,
      window,
      minTermHours: 1,
      splittable: true,
    },
    now: start,
  });
  const order = await buyNow({
    db: h.db,
    actor: systemActor,
    enterpriseId,
    offerId: offer.id,
    cards: 4,
    window,
    now: start,
  });
  orderId = order.id;
  await new Promise<void>((resolve) => {
    server = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  server.close();
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('suanli provider sign-usage', () => {
  const period = (from: number, to: number) => {
    const start = Math.floor(h.clock.now().getTime() / HOUR_MS) * HOUR_MS - 4 * HOUR_MS;
    return [
      '--from',
      new Date(start + from * HOUR_MS).toISOString(),
      '--to',
      new Date(start + to * HOUR_MS).toISOString(),
    ];
  };

  /** `suanli provider sign-usage` for the order's Ascend cards over hours `from`–`to`. */
  const signUsage = (from: number, to: number, cardHours: string, ...extra: string[]) =>
    suanli(
      'provider',
      'sign-usage',
      '--key',
      keyFile,
      '--order',
      orderId,
      ...period(from, to),
      '--accelerator',
      'ascend-910b',
      '--card-hours',
      cardHours,
      ...extra,
    );

  it('prints a signed report, and posts one that the platform settles', async () => {
    const printed = await signUsage(0, 1, '4', '--meter', 'energyWh=1600');
    expect(printed.status, printed.stderr).toBe(0);
    const body = JSON.parse(printed.stdout) as { report: { meters: unknown }; signature: string };
    expect(body.report.meters).toEqual({ energyWh: '1600' });
    expect(Buffer.from(body.signature, 'base64')).toHaveLength(64);

    const { secret } = await h.withApiKey('provider-admin@B', ['read', 'write']);
    const posted = await signUsage(0, 2, '8', '--post', baseUrl, '--api-key', secret);
    expect(posted.status, posted.stderr).toBe(0);
    expect(JSON.parse(posted.stdout)).toMatchObject({
      amountFen: '9600',
      order: { state: 'completed', settledCardHours: '8' },
    });
    // The same period again is beyond the order now: the server's refusal, exit 1.
    const again = await signUsage(0, 1, '1', '--post', baseUrl, '--api-key', secret);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('USAGE_BEYOND_ORDER');
  }, 60_000);
});
