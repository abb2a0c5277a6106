import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/config.ts';
import { startTestUpstream, type Gateway, type TestUpstream } from '../../src/gateway/index.ts';
import { startServer, type RunningServer } from '../../src/http/serve.ts';
import {
  createModelProvider,
  createTestEnterprise,
  TEST_GATEWAY_SECRET_KEY,
} from './gateway-fixtures.ts';

/**
 * How a test serves a gateway on 127.0.0.1: `direct` as the platform's server does (model calls
 * by `serveModelCall`, everything else by the `/v1` app), or `app` with every request through
 * the Hono app (what in-process callers get).
 */
export type GatewayPath = 'direct' | 'app';

export interface ServedGateway {
  /** `http://127.0.0.1:<port>/v1`, the SDK's `baseURL`. */
  baseURL: string;
  close: () => Promise<void>;
}

export async function serveGateway(
  gateway: Gateway,
  path: GatewayPath = 'direct',
): Promise<ServedGateway> {
  const appListener = getRequestListener(new Hono().route('/v1', gateway.app).fetch);
  const server = createServer((request, response) => {
    if (path === 'direct' && gateway.serveModelCall(request, response)) return;
    void appListener(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The platform's whole server with a test upstream, a model provider and an enterprise. */
export interface GatewayTestWorld {
  server: RunningServer;
  upstream: TestUpstream;
  enterpriseId: string;
  /** What `addOffering` needs besides the model: the provider, the upstream and the time. */
  base: { providerId: string; upstreamBaseUrl: string; now: Date };
  now: Date;
  stop: () => Promise<void>;
}

/**
 * Starts the platform's whole server (`startServer`: in-memory PGlite, logs off, no demo data,
 * the test secret box's key) and the test upstream, and registers a model provider and an
 * enterprise with `walletFen` in its gateway wallet: for tests of the gateway as deployed.
 * `config` adds environment variables (as `loadConfig` reads them).
 */
export async function startGatewayTestWorld(
  options: { walletFen?: bigint; config?: Record<string, string> } = {},
): Promise<GatewayTestWorld> {
  const upstream = await startTestUpstream();
  const server = await startServer({
    config: loadConfig({
      PORT: '0',
      DATA_DIR: 'memory://',
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'false',
      GATEWAY_SECRET_KEY: TEST_GATEWAY_SECRET_KEY,
      ...options.config,
    }),
  });
  const now = new Date();
  const providerId = await createModelProvider(server.db, now);
  const enterpriseId = await createTestEnterprise(server.db, now, options.walletFen);
  return {
    server,
    upstream,
    enterpriseId,
    base: { providerId, upstreamBaseUrl: upstream.baseUrl, now },
    now,
    stop: async () => {
      await server.stop();
      await upstream.close();
    },
  };
}
