/**
 * A gateway process for the zero-overspend tests: it runs `calls` model calls at once for one
 * enterprise through the metering library against the database in DATABASE_URL, and prints one
 * JSON line per call (`{"requestId","outcome":"ok"|"refused",…}`) and `{"done":true}` at the end.
 *
 * Run: DATABASE_URL=… WORKER_CONFIG='{"enterpriseId":…}' node --import tsx test/support/gateway-meter-worker.ts
 *
 * The call itself is `callThroughMeter`: when the HTTP gateway runs, `callThroughGateway` (an
 * `openai` SDK call to a gateway process, 402 counted as refused) takes its place and this
 * script starts that process instead; the parent test reads the same lines either way.
 */
import { openDatabase } from '../../src/db/client.ts';
import { DomainError } from '../../src/domain/shared/errors.ts';
import { Meter, type MeterModel } from '../../src/services/gateway/metering/index.ts';

interface WorkerConfig {
  enterpriseId: string;
  model: {
    id: string;
    providerId: string;
    filedModel: boolean;
    inputFenPerMillion: string;
    outputFenPerMillion: string;
  };
  calls: number;
  prefix: string;
  sliceFen: string;
  timeoutSeconds: number;
  /** Calls run in this many waves, `waveGapMs` apart (default: one wave, all at once). */
  waves?: number;
  waveGapMs?: number;
}

const config = JSON.parse(process.env.WORKER_CONFIG ?? '{}') as WorkerConfig;
const databaseUrl = process.env.DATABASE_URL ?? '';
const model: MeterModel = {
  id: config.model.id,
  providerId: config.model.providerId,
  filedModel: config.model.filedModel,
  prices: {
    inputFenPerMillion: BigInt(config.model.inputFenPerMillion),
    outputFenPerMillion: BigInt(config.model.outputFenPerMillion),
  },
};
const worstCase = { inputTokens: 2_000, outputTokens: 1_000 };

function print(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...line, at: Date.now() })}\n`);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One call: hold the worst case, "stream" for a while, bill what was delivered. */
async function callThroughMeter(meter: Meter, index: number): Promise<void> {
  const requestId = `${config.prefix}-${index}`;
  let reservation;
  try {
    reservation = await meter.reserve({
      enterpriseId: config.enterpriseId,
      requestId,
      model,
      worstCase,
    });
  } catch (error) {
    if (error instanceof DomainError) {
      print({ requestId, outcome: 'refused', code: error.code });
      return;
    }
    throw error;
  }
  await sleep(5 + Math.floor(Math.random() * 80));
  const cost = reservation.settle({
    usage: {
      inputTokens: 1_000 + Math.floor(Math.random() * 1_000),
      outputTokens: 200 + Math.floor(Math.random() * 800),
    },
    latencyMs: 50,
  });
  print({
    requestId,
    outcome: 'ok',
    billedFen: cost.billedFen.toString(),
    totalMicroFen: cost.totalMicroFen.toString(),
  });
}

const db = await openDatabase({ databaseUrl, poolSize: 4 });
const meter = new Meter({
  db,
  leaseSliceFen: BigInt(config.sliceFen),
  leaseTimeoutSeconds: config.timeoutSeconds,
  roundIntervalMs: 50,
});
meter.start();
const waves = config.waves ?? 1;
const perWave = Math.ceil(config.calls / waves);
const running: Promise<void>[] = [];
for (let wave = 0; wave < waves; wave += 1) {
  if (wave > 0) await sleep(config.waveGapMs ?? 0);
  const first = wave * perWave;
  const last = Math.min(config.calls, first + perWave);
  for (let index = first; index < last; index += 1) running.push(callThroughMeter(meter, index));
}
await Promise.all(running);
await meter.close();
await db.close();
print({ done: true });
