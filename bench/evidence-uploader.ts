/**
 * The uploading enterprises of bench/evidence.ts, in a process of their own so that their
 * sockets and garbage do not share the server's event loop (real clients are elsewhere too).
 * Reads its plan as JSON from argv[2]; prints one JSON line: upload latencies in ms.
 */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { Pool } from 'undici';

interface Plan {
  origin: string;
  seconds: number;
  fileBytes: number;
  filesPerClaim: number;
  uploaders: { apiKey: string; claimIds: string[] }[];
}

const plan = JSON.parse(process.argv[2] ?? '{}') as Plan;
const pool = new Pool(plan.origin, { connections: plan.uploaders.length });
// One random body shared by every upload; a distinct 64-byte head makes each file new.
const HEAD_BYTES = 64;
const tail = randomBytes(plan.fileBytes - HEAD_BYTES);
const until = performance.now() + plan.seconds * 1000;
const latencies: number[] = [];

async function uploadLoop(uploader: Plan['uploaders'][number], index: number): Promise<void> {
  for (let sequence = 0; performance.now() < until; sequence += 1) {
    const claimId = uploader.claimIds[Math.floor(sequence / plan.filesPerClaim)];
    if (claimId === undefined) throw new Error('out of claims');
    const head = Buffer.alloc(HEAD_BYTES, 0x20);
    head.write(`%PDF-1.7\n% enterprise ${index} file ${sequence}\n`, 'latin1');
    const sent = performance.now();
    const response = await pool.request({
      method: 'POST',
      path: `/api/v1/claims/${claimId}/attachments?kind=delivery&filename=acceptance-${sequence}.pdf`,
      headers: {
        authorization: `Bearer ${uploader.apiKey}`,
        'content-type': 'application/pdf',
        'content-length': String(plan.fileBytes),
      },
      body: Readable.from([head, tail]),
    });
    const text = await response.body.text();
    if (response.statusCode !== 201) throw new Error(`upload: ${response.statusCode} ${text}`);
    latencies.push(performance.now() - sent);
  }
}

await Promise.all(plan.uploaders.map((uploader, index) => uploadLoop(uploader, index)));
await pool.close();
process.stdout.write(`${JSON.stringify(latencies)}\n`);
