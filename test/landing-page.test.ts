import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.ts';
import { startServer } from '../src/http/serve.ts';

/** The landing page's examples must work when pasted: they name the address the server is on. */

const dataDir = mkdtempSync(join(tmpdir(), 'suanli-landing-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function landingOf(env: Record<string, string>): Promise<{ port: number; page: string }> {
  // No console build: `/` shows the landing page whether or not web/dist was built.
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    WEB_CONSOLE_DIR: join(dataDir, 'no-console'),
    ...env,
  });
  const running = await startServer({ config });
  try {
    const response = await fetch(`http://127.0.0.1:${running.port}/`);
    return { port: running.port, page: await response.text() };
  } finally {
    await running.stop();
  }
}

describe('landing page', () => {
  it('shows the port the server listens on, not 3000', async () => {
    // PORT=0: the system picks a free port, known only once the server listens.
    const { port, page } = await landingOf({ PORT: '0', HOST: '127.0.0.1' });
    expect(port).not.toBe(3000);
    expect(page).toContain(`http://127.0.0.1:${port}/api/v1/auth/login`);
    expect(page).not.toContain(':3000');
  });

  it('shows PUBLIC_URL when the server is reached through a proxy', async () => {
    const { page } = await landingOf({ PORT: '0', PUBLIC_URL: 'https://suanli.example.gov.cn/' });
    expect(page).toContain('https://suanli.example.gov.cn/api/v1/auth/login');
    expect(page).not.toContain('127.0.0.1');
  });
});
