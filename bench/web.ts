/**
 * The console's weight and first paint (issue 14): in Debian's Chromium against the real server
 * with the demo data, for the first page a visitor opens (`/`) and the heaviest operator pages:
 *   - initial JS: every JavaScript response the page loads until the network is idle, gzipped
 *     (level 9, as a server or CDN would send it), target ≤ 500 KB for the first page;
 *   - first contentful paint from Chromium's Paint Timing (`first-contentful-paint`), median of
 *     the runs, target ≤ 1 s on localhost for the first page.
 * Baselines in the same run: the whole console's JS in one bundle (every chunk of web/dist,
 * gzipped: what the first page would cost without route splitting), and the FCP of a page
 * without JavaScript from the same server (`/healthz`): the floor of browser + server.
 *
 * Run: npm run bench:web   (last line: one JSON object)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { startConsoleInstance, type ConsoleInstance } from '../scripts/console-instance.ts';
import { DEMO_PASSWORD } from '../src/demo/index.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_JS_BYTES = 500 * 1024;
const TARGET_FCP_MS = 1000;

const gzipBytes = (bytes: Buffer): number => gzipSync(bytes, { level: 9 }).length;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * One cold load (a fresh context: empty cache) of `path`, signed in first through the API when
 * a user is named (the session cookie arrives without loading the console).
 */
async function load(
  instance: ConsoleInstance,
  path: string,
  user: string | undefined,
): Promise<{ jsGzipBytes: number; scripts: string[]; fcpMs: number }> {
  const page = await instance.newPage();
  if (user !== undefined) {
    const response = await page.request.post('/api/v1/auth/login', {
      data: { email: `${user}@suanli-demo.test`, password: DEMO_PASSWORD },
    });
    if (!response.ok()) throw new Error(`sign-in of ${user}: ${response.status()}`);
  }
  return measure(page, path);
}

async function measure(
  page: Page,
  path: string,
): Promise<{ jsGzipBytes: number; scripts: string[]; fcpMs: number }> {
  const bodies: Promise<Buffer>[] = [];
  const scripts: string[] = [];
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (!type.includes('javascript')) return;
    scripts.push(new URL(response.url()).pathname);
    bodies.push(response.body());
  });
  await page.goto(path, { waitUntil: 'networkidle' });
  const fcpMs = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const entry = performance.getEntriesByName('first-contentful-paint')[0];
        if (entry !== undefined) {
          resolve(entry.startTime);
          return;
        }
        new PerformanceObserver((list) => {
          resolve(list.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
        }).observe({ type: 'paint', buffered: true });
      }),
  );
  const jsGzipBytes = (await Promise.all(bodies)).reduce((sum, body) => sum + gzipBytes(body), 0);
  await page.context().close();
  return { jsGzipBytes, scripts, fcpMs };
}

const pages = [
  { name: 'first page (/)', path: '/', user: undefined },
  { name: 'budget dashboard', path: '/operator/dashboard', user: 'operator' },
  { name: 'program editor', path: '/operator/programs', user: 'operator' },
] as const;

const instance = await startConsoleInstance();
try {
  const assets = join(import.meta.dirname, '../web/dist/assets');
  const allJs = readdirSync(assets).filter((file) => file.endsWith('.js'));
  const allJsGzipBytes = gzipBytes(
    Buffer.concat(allJs.map((file) => readFileSync(join(assets, file)))),
  );
  const floor: number[] = [];
  for (let run = 0; run < RUNS; run += 1)
    floor.push((await measure(await instance.newPage(), '/healthz')).fcpMs);
  const results = [];
  for (const target of pages) {
    const runs = [];
    for (let run = 0; run < RUNS; run += 1)
      runs.push(await load(instance, target.path, target.user));
    const last = runs.at(-1);
    const result = {
      page: target.name,
      path: target.path,
      jsGzipKiB: Math.round((last?.jsGzipBytes ?? 0) / 102.4) / 10,
      chunks: last?.scripts.length ?? 0,
      loadsECharts: last?.scripts.some((script) => script.includes('DashboardCharts')) ?? false,
      loadsCodeMirror: last?.scripts.some((script) => script.includes('YamlEditor')) ?? false,
      fcpMsMedian: Math.round(median(runs.map((r) => r.fcpMs))),
    };
    results.push(result);
    console.log(
      `${result.page.padEnd(18)} initial JS ${String(result.jsGzipKiB).padStart(7)} KiB gz in ${result.chunks} files` +
        ` (${((last?.jsGzipBytes ?? 0) / allJsGzipBytes).toFixed(2)}× the one-bundle baseline)` +
        `, FCP median ${result.fcpMsMedian} ms (${(result.fcpMsMedian / median(floor)).toFixed(2)}× the no-JS floor)` +
        `, ECharts ${result.loadsECharts ? 'loaded' : 'not loaded'}, CodeMirror ${result.loadsCodeMirror ? 'loaded' : 'not loaded'}`,
    );
  }
  const first = results[0];
  console.log(
    `baseline: the whole console's JS in one bundle ${Math.round(allJsGzipBytes / 102.4) / 10} KiB gz (${allJs.length} files); FCP of /healthz (no JS) median ${Math.round(median(floor))} ms; ${RUNS} cold loads each; ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}`,
  );
  console.log(
    JSON.stringify({
      bench: 'web',
      runs: RUNS,
      firstPageJsGzipKiB: first?.jsGzipKiB,
      firstPageJsTargetKiB: TARGET_JS_BYTES / 1024,
      firstPageFcpMs: first?.fcpMsMedian,
      firstPageFcpTargetMs: TARGET_FCP_MS,
      oneBundleJsGzipKiB: Math.round(allJsGzipBytes / 102.4) / 10,
      noJsFloorFcpMs: Math.round(median(floor)),
      pages: results,
      loadAverage: loadavg()[0],
      ok:
        (first?.jsGzipKiB ?? Infinity) * 1024 <= TARGET_JS_BYTES &&
        (first?.fcpMsMedian ?? Infinity) <= TARGET_FCP_MS,
    }),
  );
} finally {
  await instance.close();
}
