import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { startServer } from '../src/http/serve.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'suanli-server-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const config = loadConfig({
  PORT: '0',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'false',
});

describe('server on embedded PGlite', () => {
  it('serves health, readiness and metrics, and keeps its data across a restart', async () => {
    const first = await startServer({ config });
    const base = `http://127.0.0.1:${first.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'pglite' });
    // The address `npm start` prints is a page that leads to the API, not a 404.
    const landing = await fetch(`${base}/`);
    expect(landing.headers.get('content-type')).toContain('text/html');
    const page = await landing.text();
    for (const link of ['/api/docs', '/api/openapi.json', '/api/v1/programs']) {
      expect(page).toContain(`href="${link}"`);
    }
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('suanli_http_requests_total');
    const missing = await fetch(`${base}/nope`, { headers: { 'x-request-id': 'trace-1' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('trace-1');
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    await first.db.query('create table restart_probe (value text)');
    await first.db.query(`insert into restart_probe values ('kept')`);
    await first.stop();

    const second = await startServer({ config });
    const rows = await second.db.query<{ value: string }>('select value from restart_probe');
    expect(rows).toEqual([{ value: 'kept' }]);
    await second.stop();
  });

  it('finishes an in-flight request before it stops', async () => {
    const running = await startServer({ config });
    // A request whose headers are half sent is in flight: stop() must wait for it.
    const socket = connect(running.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopped = running.stop();
    socket.end('Connection: close\r\n\r\n');
    const chunks: Buffer[] = [];
    for await (const chunk of socket) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toMatch(/^HTTP\/1.1 200/);
    await stopped;
  });

  it('rejects a bad environment naming every variable at fault', () => {
    expect(() => loadConfig({ PORT: 'x', DATABASE_URL: 'mysql://a' })).toThrow(
      /PORT[\s\S]*DATABASE_URL/,
    );
  });
});
