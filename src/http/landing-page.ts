import { html } from 'hono/html';

/**
 * What `GET /` shows until the console exists: where the API, its reference and the public
 * data are, and how to log in, so the address `npm start` prints is never a dead end.
 * Nothing from the database is rendered; `baseUrl` is where this server is reached (see
 * public-url.ts), so the examples can be pasted as they are. The template escapes it.
 */
export function landingPage(baseUrl: string): ReturnType<typeof html> {
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Suanli 算力</title>
        <style>
          body {
            font:
              16px/1.5 system-ui,
              sans-serif;
            max-width: 46rem;
            margin: 3rem auto;
            padding: 0 1rem;
            color: #1f2937;
          }
          code,
          pre {
            background: #f3f4f6;
            border-radius: 4px;
            padding: 0.1rem 0.3rem;
          }
          pre {
            padding: 0.75rem;
            overflow-x: auto;
          }
          a {
            color: #1d4ed8;
          }
        </style>
      </head>
      <body>
        <h1>Suanli 算力</h1>
        <p>
          算力券 / 模型券 platform: programs as data, vouchers end to end, every fen double-entry
          booked. Compute and model vouchers for cities and provinces.
        </p>
        <h2>API</h2>
        <ul>
          <li>
            <a href="/api/docs">API reference (try it in the browser)</a> ·
            <a href="/api/openapi.json">OpenAPI 3.1 document</a>
          </li>
          <li>
            <a href="/api/v1/programs">Programs (public)</a> — rates, caps and budgets of the
            catalog
          </li>
          <li>
            <a href="/api/v1/public/publications"
              >公示 — public recipient lists and objection windows</a
            >
          </li>
          <li>
            <a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a> ·
            <a href="/metrics">/metrics</a>
          </li>
        </ul>
        <h2>Log in</h2>
        <p>With the demo users printed at start (password <code>suanli-demo-2025</code>):</p>
        <pre>
curl -c cookies.txt -H 'content-type: application/json' \\
  -d '{"email":"operator@suanli-demo.test","password":"suanli-demo-2025"}' \\
  ${baseUrl}/api/v1/auth/login
curl -b cookies.txt ${baseUrl}/api/v1/me</pre>
        <p>
          Then send the cookies, and on every change the <code>suanli_csrf</code> cookie's value in
          the <code>x-csrf-token</code> header and an <code>Idempotency-Key</code>; or create an API
          key (<code>POST /api/v1/api-keys</code>) for scripts.
        </p>
      </body>
    </html>`;
}
