import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** The API the dev server forwards to (`npm run dev:web` while `npm start` runs). */
const apiTarget = process.env.SUANLI_API_URL ?? 'http://127.0.0.1:3000';

/**
 * The web console's build. Contracts and the pure shared domain come from the server's source
 * through aliases, so the console validates with the very schemas the API serves.
 */
export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: {
    alias: {
      '@contracts': here('../src/contracts'),
      '@domain-shared': here('../src/domain/shared'),
    },
  },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    // Initial JS is budgeted (issue 14: ≤ 500 KB gzipped); routes and charts load lazily.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: Object.fromEntries(
      ['/api', '/v1', '/healthz', '/readyz', '/metrics'].map((prefix) => [
        prefix,
        { target: apiTarget, changeOrigin: false },
      ]),
    ),
  },
});
