/**
 * The floor of bench/gateway.ts: a bare Node.js hop — a request read by `node:http`, sent on
 * through an undici pool to the upstream, its answer written back — with nothing else: no key, no
 * limits, no routing, no money, no database. Suanli's server pays the same hop (the same `node:http`
 * server and undici pool), so the latency Suanli adds over this hop is what its own work costs,
 * and what this hop adds over direct is what any Node gateway pays on the machine.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

export async function startNodeHop(upstreamBaseUrl: string): Promise<{ baseUrl: string }> {
  const upstream = new URL(upstreamBaseUrl);
  // As Suanli's upstream client (src/gateway/upstream-client.ts): one keep-alive pool of 128.
  const pool = new Pool(upstream.origin, { connections: 128 });
  const server = createServer((request, response) => {
    forward(request, response, pool, `${upstream.pathname}/chat/completions`).catch(() => {
      response.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/v1` };
}

async function forward(
  request: IncomingMessage,
  response: ServerResponse,
  pool: Pool,
  path: string,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const answer = await pool.request({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json' },
    body: Buffer.concat(chunks),
  });
  const body = await answer.body.text();
  response.writeHead(answer.statusCode, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
