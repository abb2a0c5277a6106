import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm start` as a user runs it (tsx src/main.ts, PGlite in a data directory): with demo data
 * the credentials are printed and work; `--no-demo` starts empty; a restart does not reseed.
 */

interface Started {
  child: ChildProcess;
  url: string;
  stdout: () => string;
}

const directories: string[] = [];

async function start(dataDir: string, args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: join(import.meta.dirname, '..'),
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`exited with ${String(code)}:\n${output}`));
    });
  });
  return { child, url, stdout: () => output };
}

async function stop(started: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', resolve));
  started.child.kill('SIGTERM');
  return exited;
}

async function login(url: string, email: string, password: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  await response.text();
  return response.status;
}

/** One chat completion through the demo gateway: the answer's text and the voucher's rate. */
async function chat(
  url: string,
  key: string,
): Promise<{ text: string | null | undefined; voucherRateBps: number | undefined }> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      model: 'qwen-demo-filed',
      messages: [{ role: 'user', content: '你好' }],
    }),
  });
  const body = (await response.json()) as {
    choices?: { message: { content: string | null } }[];
    usage?: { cost?: { voucherRateBps: number } };
  };
  return {
    text: body.choices?.[0]?.message.content,
    voucherRateBps: body.usage?.cost?.voucherRateBps,
  };
}

async function freshDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'suanli-start-'));
  directories.push(directory);
  return directory;
}

afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

describe('npm start', () => {
  it('--no-demo starts an empty platform', async () => {
    const started = await start(await freshDirectory(), ['--no-demo']);
    try {
      expect(started.stdout()).not.toContain('Suanli demo data');
      const list = await fetch(`${started.url}/api/v1/public/publications`);
      expect(await list.json()).toEqual({ items: [], nextCursor: null });
      expect(await login(started.url, 'operator@suanli-demo.test', 'suanli-demo-2025')).toBe(401);
    } finally {
      expect(await stop(started)).toBe(0);
    }
  }, 120_000);

  it('seeds the demo once, prints credentials that work, and does not reseed on restart', async () => {
    const directory = await freshDirectory();
    let gatewayKey = '';
    const first = await start(directory, []);
    try {
      const printed = first.stdout();
      expect(printed).toContain('Suanli demo data seeded');
      const password = /Password for every demo user: (\S+)/.exec(printed)?.[1] ?? '';
      for (const email of ['operator', 'reviewer', 'auditor', 'hangzhou', 'chengdu', 'provider']) {
        expect(printed).toContain(`${email}@suanli-demo.test`);
        expect(await login(first.url, `${email}@suanli-demo.test`, password)).toBe(200);
      }
      const list: unknown = await (await fetch(`${first.url}/api/v1/public/publications`)).json();
      expect(
        (list as { items: { state: string }[] }).items.map((item) => item.state).sort(),
      ).toEqual(['closed', 'closed', 'closed', 'closed', 'published']);
      // The banner names the claim the operator can pay out at once (its 公示 list is closed).
      expect(printed).toMatch(
        /ready to pay out .*POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/claims\/[0-9a-f-]{36}\/payout/,
      );
      // The MaaS gateway: the printed key calls the demo model on the test upstream, paid by the
      // enterprise's model voucher (Hangzhou's 30 % on the filed model) and its wallet.
      gatewayKey = /gateway key of .*: (sk-suanli-\S+)/.exec(printed)?.[1] ?? '';
      expect(await chat(first.url, gatewayKey)).toEqual({
        text: 'echo: 你好',
        voucherRateBps: 3000,
      });
      expect(printed).toMatch(
        /balances, .*GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/enterprises\/[0-9a-f-]{36}\/gateway-wallet/,
      );
    } finally {
      expect(await stop(first)).toBe(0);
    }
    const second = await start(directory, []);
    try {
      expect(second.stdout()).toContain('Suanli demo data present');
      expect(second.stdout()).not.toContain('demo data seeded');
      // The test upstream listens on a new port; the demo catalog follows it.
      expect(await chat(second.url, gatewayKey)).toEqual({
        text: 'echo: 你好',
        voucherRateBps: 3000,
      });
    } finally {
      expect(await stop(second)).toBe(0);
    }
  }, 180_000);
});
