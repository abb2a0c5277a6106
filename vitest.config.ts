import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/support/slow-first-sequencer.ts';

export default defineConfig({
  // The web console's own tests import the contracts the way the console does.
  resolve: {
    alias: {
      '@contracts': fileURLToPath(new URL('src/contracts', import.meta.url)),
      '@domain-shared': fileURLToPath(new URL('src/domain/shared', import.meta.url)),
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: files run two at a time; each real-Postgres file has its own database.
    maxWorkers: 2,
    typecheck: { enabled: false },
    // expect.poll gives up after 1 s by default. On a loaded CI machine a console page can take
    // longer than that to fetch and render, so a poll without its own timeout failed there
    // (the exchange orders page, CI of 7 December 2026). Polls wait as long as the page helpers.
    expect: { poll: { timeout: 15_000 } },
    sequence: { sequencer: SlowFirstSequencer },
  },
});
