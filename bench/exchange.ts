/**
 * The exchange's clearing run through the database (docs/exchange.md): `clearExchange` end to
 * end — load the open requests, the open offers' free cards per hour and the policy's terms per
 * grant, match, make the orders (capacity taken per hour, the subsidy decided and reserved or
 * recorded, the order audited), store the explanations — on in-memory PGlite and on a
 * throw-away PostgreSQL cluster (fsync on). The market: 2 000 open requests × 200 offers of
 * 10 providers (domestic Ascend in Guizhou, imported NVIDIA in Hangzhou) over 48 hours, from
 * 40 enterprises: a third without a voucher, a third under a reimbursement program (a copy of
 * Hangzhou's), a third under a pay-the-provider program (a copy of Wuhan's). Baseline in the
 * same run: `clearMarket` alone (the run reports its own matcher time), so the ratio says what
 * the database round trips cost on top of the matching.
 *
 * Run: npm run bench:exchange   (BENCH_REQUESTS, BENCH_OFFERS; BENCH_POSTGRES=0 stops after
 * PGlite, for profiling; last line: one JSON object)
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { openDatabase, type Database } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { actorOf, applyFor, approve, expiryAfter } from '../src/demo/voucher-steps.ts';
import { shanghaiDayOf } from '../src/domain/shared/calendar.ts';
import { systemActor } from '../src/services/authz/index.ts';
import {
  clearExchange,
  createComputeRequest,
  createOffer,
  type ClearingReport,
} from '../src/services/exchange/index.ts';
import { registerEnterprise, registerProvider } from '../src/services/parties/index.ts';
import { getVersionInForce, publishProgramVersion } from '../src/services/programs/index.ts';
import { activateProgram, grantIdForApplication } from '../src/services/vouchers/index.ts';
import { startPostgresCluster } from '../test/support/postgres-cluster.ts';
import { freshUscc } from '../test/support/uscc.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const OFFERS = Number(process.env.BENCH_OFFERS ?? 200);
const ENTERPRISES = 40;
const PROVIDERS = 10;
const HOURS = 48;
const HOUR_MS = 3_600_000;

/** A small deterministic generator (mulberry32): the same market on both databases. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Publishes `programs/<file>` as `id` in force all year and opens it for vouchers. */
async function publishCopy(db: Database, file: string, id: string, at: Date): Promise<string> {
  const year = shanghaiDayOf(at).slice(0, 4);
  const document = parseDocument(
    await readFile(new URL(`../programs/${file}`, import.meta.url), 'utf8'),
  );
  document.set('id', id);
  document.set('fiscalYear', Number(year));
  document.set('effectiveFrom', `${year}-01-01`);
  document.set('effectiveTo', `${year}-12-31`);
  await publishProgramVersion({
    sql: db,
    yamlText: document.toString(),
    publishedBy: 'bench',
    now: at,
  });
  const { definition } = await getVersionInForce({
    sql: db,
    programId: id,
    date: shanghaiDayOf(at),
  });
  await activateProgram({ sql: db, program: definition, operatorTenantId: null, now: at });
  return id;
}

/** Programs, parties, grants, offers and open requests; the clock of the run. */
async function seedMarket(db: Database): Promise<Date> {
  const now = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS + 5 * 60_000);
  const at = new Date(now.getTime() - 2 * 86_400_000);
  const next = random(2026);
  const reimbursing = await publishCopy(db, 'hangzhou-city-compute.v1.yaml', 'bench-hangzhou', at);
  const payingProvider = await publishCopy(db, 'wuhan-compute-service.v1.yaml', 'bench-wuhan', at);
  const enterprises: { id: string; grantId: string | null }[] = [];
  for (let index = 0; index < ENTERPRISES; index += 1) {
    const programId = [null, reimbursing, payingProvider][index % 3] ?? null;
    // Each program's own city: Wuhan's vouchers are for Wuhan's firms.
    const { enterprise } = await registerEnterprise({
      actor: systemActor,
      sql: db,
      input: {
        uscc: freshUscc(programId === payingProvider ? '420102' : '330106'),
        name: `测评企业${index}科技有限公司`,
        size: 'small',
        foundedOn: '2020-01-01',
      },
      now: at,
    });
    const id = enterprise.id;
    if (programId === null) {
      enterprises.push({ id, grantId: null });
      continue;
    }
    const application = await applyFor({
      db,
      plan: {
        programId,
        enterpriseId: id,
        kind: 'compute',
        chipOrigin: 'domestic',
        amountFen: 10_000_000n,
        requestedFen: 2_000_000n,
        purpose: 'bench',
      },
      actor: actorOf(null, id, 'bench'),
      at,
    });
    // A first-come program decides at submission; a review program waits for the reviewer.
    const grantId =
      application.state === 'approved'
        ? grantIdForApplication(application.id)
        : (
            await approve({
              db,
              applicationId: application.id,
              amountFen: 2_000_000n,
              expiresOn: expiryAfter(at, 200),
              reviewer: systemActor,
              at,
            })
          ).id;
    enterprises.push({ id, grantId });
  }
  const providers: { id: string; origin: 'domestic' | 'imported'; region: string }[] = [];
  for (let index = 0; index < PROVIDERS; index += 1) {
    const origin = index % 2 === 0 ? 'domestic' : 'imported';
    const region = origin === 'domestic' ? '520100' : '330100';
    const { provider } = await registerProvider({
      actor: systemActor,
      sql: db,
      input: {
        uscc: freshUscc(region),
        name: `测评算力${index}有限公司`,
        regionCode: region,
        kinds: ['compute'],
        acceleratorOrigins: [origin],
      },
      now: at,
    });
    providers.push({ id: provider.id, origin, region });
  }
  const start = new Date(now.getTime() - (now.getTime() % HOUR_MS) + HOUR_MS);
  const window = { from: start, to: new Date(start.getTime() + HOURS * HOUR_MS) };
  for (let index = 0; index < OFFERS; index += 1) {
    const provider = providers[index % PROVIDERS] ?? providers[0];
    if (provider === undefined) throw new Error('no provider');
    const domestic = provider.origin === 'domestic';
    const cardCount = 8 * (1 + Math.floor(next() * 8));
    await createOffer({
      db,
      actor: systemActor,
      providerId: provider.id,
      terms: {
        acceleratorId: domestic
          ? 'ascend-910b'
          : (['nvidia-h800-sxm', 'nvidia-a800-sxm'][index % 2] ?? ''),
        cardCount,
        regionCode: provider.region,
        pueMilli: 1100 + Math.floor(next() * 400),
        greenShareBps: Math.floor(next() * 8000),
        pricePerCardHourFen: BigInt((domestic ? 900 : 1800) + Math.floor(next() * 800)),
        window,
        minTermHours: 1,
        splittable: true,
        cardsPerNode: 8,
      },
      now: at,
    });
  }
  for (let index = 0; index < REQUESTS; index += 1) {
    const enterprise = enterprises[index % ENTERPRISES] ?? enterprises[0];
    if (enterprise === undefined) throw new Error('no enterprise');
    const hours = 2 + Math.floor(next() * 10);
    const from = new Date(start.getTime() + Math.floor(next() * (HOURS - hours)) * HOUR_MS);
    const cards = 1 + Math.floor(next() * 8);
    const domesticOnly = next() < 0.5;
    await createComputeRequest({
      db,
      actor: systemActor,
      enterpriseId: enterprise.id,
      ...(enterprise.grantId === null ? {} : { grantId: enterprise.grantId }),
      terms: {
        quantityUnit: 'card-hours',
        quantity: BigInt(cards * hours),
        acceleratorIds: [],
        domesticOnly,
        regionCodes: [],
        latencyClass: 'national',
        window: { from, to: new Date(from.getTime() + hours * HOUR_MS) },
        maxPriceAfterSubsidy: { per: 'card-hour', fen: BigInt(domesticOnly ? 1200 : 2200) },
        splittable: next() < 0.7,
      },
      now: at,
    });
  }
  return now;
}

interface Run {
  wallMs: number;
  /** Statements the run sent to the database: a figure the machine's load does not change. */
  queries: number;
  report: ClearingReport;
}

/** `db` with every statement counted while `counter.on` (transactions included). */
function counted(db: Database, counter: { on: boolean; queries: number }): Database {
  const count = <T extends Pick<Database, 'query'>>(sql: T): T => {
    const query = sql.query.bind(sql);
    return {
      ...sql,
      query: (text: string, params?: readonly unknown[]) => {
        if (counter.on) counter.queries += 1;
        return query(text, params);
      },
    };
  };
  const transaction = db.transaction.bind(db);
  return {
    ...count(db),
    transaction: (work) => transaction((tx) => work(count(tx))),
  };
}

async function clearOn(plain: Database): Promise<Run> {
  const counter = { on: false, queries: 0 };
  const db = counted(plain, counter);
  await migrate(db);
  const now = await seedMarket(db);
  counter.on = true;
  const started = performance.now();
  const report = await clearExchange({ db, actor: systemActor, now });
  counter.on = false;
  return { wallMs: performance.now() - started, queries: counter.queries, report };
}

function describe(name: string, run: Run): string {
  const { durationsMs: phases, ordersCreated, unmatched, requestsConsidered } = run.report;
  return (
    `${name}: ${requestsConsidered} requests, ${ordersCreated.length} orders, ${unmatched.length} unmatched; ` +
    `${(run.wallMs / 1000).toFixed(2)} s end to end (load ${phases.load.toFixed(0)} ms, ` +
    `match ${phases.match.toFixed(0)} ms, orders ${phases.fill.toFixed(0)} ms ` +
    `= ${(phases.fill / Math.max(1, ordersCreated.length)).toFixed(1)} ms an order, ` +
    `explanations ${phases.explain.toFixed(0)} ms); ratio to the matcher alone ${(run.wallMs / Math.max(1, phases.match)).toFixed(1)}x; ` +
    `${run.queries} statements (${(run.queries / Math.max(1, ordersCreated.length)).toFixed(1)} an order)`
  );
}

async function main(): Promise<void> {
  console.log(
    `load average at start: ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')} (2 cores, shared)`,
  );
  const lite = await openDatabase({ dataDir: 'memory://' });
  const pglite = await clearOn(lite);
  await lite.close();
  console.log(describe('PGlite (in memory)', pglite));
  if (process.env.BENCH_POSTGRES === '0') return;
  const cluster = await startPostgresCluster();
  let postgres: Run;
  try {
    const db = await openDatabase({ databaseUrl: cluster.adminUrl, poolSize: 4 });
    postgres = await clearOn(db);
    await db.close();
  } finally {
    cluster.stop();
  }
  console.log(describe('PostgreSQL (fsync on)', postgres));
  console.log(
    `load average at the end: ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
  );
  const figures = (run: Run) => ({
    seconds: Number((run.wallMs / 1000).toFixed(2)),
    matcherMs: Math.round(run.report.durationsMs.match),
    loadMs: Math.round(run.report.durationsMs.load),
    ordersMs: Math.round(run.report.durationsMs.fill),
    explainMs: Math.round(run.report.durationsMs.explain),
    orders: run.report.ordersCreated.length,
    statementsPerOrder: Number(
      (run.queries / Math.max(1, run.report.ordersCreated.length)).toFixed(1),
    ),
    ratioToMatcher: Number((run.wallMs / Math.max(1, run.report.durationsMs.match)).toFixed(1)),
  });
  console.log(
    JSON.stringify({
      bench: 'exchange',
      requests: REQUESTS,
      offers: OFFERS,
      pglite: figures(pglite),
      postgres: figures(postgres),
    }),
  );
}

await main();
