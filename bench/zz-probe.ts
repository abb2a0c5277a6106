import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { maxRate } from './gateway-load.ts';
import { Pool } from 'undici';
import { performance } from 'node:perf_hooks';
async function start(args: string[], extra: string[] = []) {
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', 'bench/gateway-targets.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout })) return { child, info: JSON.parse(line) };
  throw new Error('x');
}
const up = await start(['upstream']);
const su = await start(['suanli', up.info.baseUrl], process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/gwprof'] : []);
const origin = new URL(su.info.baseUrl).origin;
// healthz rate
const pool = new Pool(origin, { connections: 50 });
let n = 0; const end = performance.now() + 3000; const t0 = performance.now();
await Promise.all(Array.from({ length: 50 }, async () => { while (performance.now() < end) { const r = await pool.request({ method: 'GET', path: '/healthz' }); await r.body.text(); n++; } }));
console.log('healthz rps', n / ((performance.now() - t0) / 1000));
const rps = await maxRate({ name: 'suanli', baseUrl: su.info.baseUrl, headers: { authorization: `Bearer ${su.info.key}` }, model: 'bench-model' }, 50, 4);
console.log('suanli chat rps', rps);
su.child.kill('SIGINT'); up.child.kill('SIGTERM');
await new Promise((r) => setTimeout(r, 1500));
process.exit(0);
