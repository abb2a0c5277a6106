import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config/config.ts';
import type { Gateway } from '../../src/gateway/index.ts';
import { startServer, type RunningServer } from '../../src/http/serve.ts';
import { TEST_GATEWAY_SECRET_KEY } from './gateway-fixtures.ts';

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

/**
 * The platform's whole server (`startServer`) on an in-memory PGlite, logs off, no demo data,
 * with the test secret box's key: for tests of the gateway as deployed.
 */
export function startGatewayTestServer(): Promise<RunningServer> {
  return startServer({
    config: loadConfig({
      PORT: '0',
      DATA_DIR: 'memory://',
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'false',
      GATEWAY_SECRET_KEY: TEST_GATEWAY_SECRET_KEY,
    }),
  });
}
