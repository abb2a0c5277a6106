/**
 * Parties throughput on in-memory PGlite: (a) enterprise CSV import (all-or-nothing, bulk
 * inserts, one audit event per enterprise) against the baseline of registering the same kind
 * of rows one `registerEnterprise` call at a time; (b) `validateUscc` against a bare format
 * regex (what the check character costs); (c) `areRelated` between two parties carrying 200
 * people each (the worst case the service allows) against a plain `getEnterprise` read.
 *
 * Run: npx tsx bench/parties.ts   (last line: one JSON object)
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Database } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import {
  addPartyPerson,
  areRelated,
  getEnterprise,
  importEnterprisesCsv,
  makeUscc,
  registerEnterprise,
  registerProvider,
  validateUscc,
} from '../src/services/parties/index.ts';
import { systemActor } from '../src/services/authz/index.ts';

const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const SINGLE_ROWS = Number(process.env.BENCH_SINGLE_ROWS ?? 1_000);
const USCC_CODES = 200_000;
const RELATED_CALLS = 200;
const PEOPLE = 200;
const NOW = new Date('2026-11-22T10:00:00Z');

let serial = 0;
function nextUscc(): string {
  serial += 1;
  return makeUscc(`91320500MA${serial.toString().padStart(7, '0')}`);
}

async function freshDatabase(): Promise<Database> {
  const db = await openDatabase({ dataDir: 'memory://' });
  await migrate(db);
  return db;
}

async function benchImport(): Promise<{ bulkRowsPerSecond: number; singleRowsPerSecond: number }> {
  const header = 'uscc,name,region_code,size,founded_on,industries,credit_record';
  const lines = Array.from(
    { length: IMPORT_ROWS },
    (_, i) => `${nextUscc()},"企业 ${i}, 有限公司",,small,2020-01-01,I65;C39,good`,
  );
  const db = await freshDatabase();
  let started = performance.now();
  const result = await importEnterprisesCsv({
    actor: systemActor,
    sql: db,
    csvText: [header, ...lines].join('\r\n'),
    now: NOW,
  });
  const bulkSeconds = (performance.now() - started) / 1000;
  if (result.createdCount !== IMPORT_ROWS) throw new Error('import created too few rows');
  await db.close();

  const baseline = await freshDatabase();
  started = performance.now();
  for (let i = 0; i < SINGLE_ROWS; i += 1) {
    await registerEnterprise({
      actor: systemActor,
      sql: baseline,
      input: {
        uscc: nextUscc(),
        name: `企业 ${i}`,
        size: 'small',
        foundedOn: '2020-01-01',
        industries: ['I65', 'C39'],
      },
      now: NOW,
    });
  }
  const singleSeconds = (performance.now() - started) / 1000;
  await baseline.close();
  return {
    bulkRowsPerSecond: IMPORT_ROWS / bulkSeconds,
    singleRowsPerSecond: SINGLE_ROWS / singleSeconds,
  };
}

function benchUscc(): { validatePerSecond: number; regexPerSecond: number } {
  const codes = Array.from({ length: 1000 }, () => nextUscc());
  const format = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
  let valid = 0;
  let started = performance.now();
  for (let i = 0; i < USCC_CODES; i += 1) if (validateUscc(codes[i % 1000] ?? '').ok) valid += 1;
  const validateSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  let matched = 0;
  for (let i = 0; i < USCC_CODES; i += 1) if (format.test(codes[i % 1000] ?? '')) matched += 1;
  const regexSeconds = (performance.now() - started) / 1000;
  if (valid !== USCC_CODES || matched !== USCC_CODES) throw new Error('codes did not validate');
  return {
    validatePerSecond: USCC_CODES / validateSeconds,
    regexPerSecond: USCC_CODES / regexSeconds,
  };
}

async function benchRelated(): Promise<{ relatedMs: number; readMs: number }> {
  const db = await freshDatabase();
  const { enterprise } = await registerEnterprise({
    actor: systemActor,
    sql: db,
    input: { uscc: nextUscc(), name: 'E', size: 'small', foundedOn: '2020-01-01' },
    now: NOW,
  });
  const { provider } = await registerProvider({
    actor: systemActor,
    sql: db,
    input: { uscc: nextUscc(), name: 'P', kinds: ['model'] },
    now: NOW,
  });
  for (const partyId of [enterprise.id, provider.id]) {
    for (let i = 0; i < PEOPLE; i += 1) {
      await addPartyPerson({
        actor: systemActor,
        sql: db,
        partyId,
        person: {
          name: `人${partyId.slice(-4)}${i}`,
          role: 'shareholder',
          phone: `1380000${(i + (partyId === provider.id ? 5000 : 0)).toString().padStart(4, '0')}`,
        },
        now: NOW,
      });
    }
  }
  let started = performance.now();
  for (let i = 0; i < RELATED_CALLS; i += 1) {
    const check = await areRelated({
      sql: db,
      enterpriseId: enterprise.id,
      providerId: provider.id,
    });
    if (check.reasons.length !== 0) throw new Error('unexpected reasons');
  }
  const relatedMs = (performance.now() - started) / RELATED_CALLS;
  started = performance.now();
  for (let i = 0; i < RELATED_CALLS; i += 1)
    await getEnterprise({ actor: systemActor, sql: db, enterpriseId: enterprise.id });
  const readMs = (performance.now() - started) / RELATED_CALLS;
  await db.close();
  return { relatedMs, readMs };
}

const load = loadavg()[0] ?? 0;
const imports = await benchImport();
const uscc = benchUscc();
const related = await benchRelated();
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

console.log(`load average at start: ${load.toFixed(2)} (other work on the machine skews figures)`);
console.log(
  `CSV import ${IMPORT_ROWS} rows: ${round(imports.bulkRowsPerSecond, 0)} rows/s; baseline registerEnterprise one by one (${SINGLE_ROWS}): ${round(imports.singleRowsPerSecond, 0)} rows/s; ratio ${round(imports.bulkRowsPerSecond / imports.singleRowsPerSecond)}×`,
);
console.log(
  `validateUscc: ${round(uscc.validatePerSecond / 1e6, 2)} M codes/s; baseline format regex: ${round(uscc.regexPerSecond / 1e6, 2)} M/s; ratio ${round(uscc.validatePerSecond / uscc.regexPerSecond, 2)}×`,
);
console.log(
  `areRelated with ${PEOPLE} people per party: ${round(related.relatedMs, 2)} ms; baseline getEnterprise: ${round(related.readMs, 2)} ms; ratio ${round(related.relatedMs / related.readMs)}×`,
);
console.log(
  JSON.stringify({
    bench: 'parties',
    importRows: IMPORT_ROWS,
    importRowsPerSecond: round(imports.bulkRowsPerSecond, 0),
    singleRegisterRowsPerSecond: round(imports.singleRowsPerSecond, 0),
    importSpeedup: round(imports.bulkRowsPerSecond / imports.singleRowsPerSecond),
    validateUsccPerSecond: round(uscc.validatePerSecond, 0),
    regexPerSecond: round(uscc.regexPerSecond, 0),
    areRelatedMs: round(related.relatedMs, 2),
    getEnterpriseMs: round(related.readMs, 2),
    loadAverage: round(load, 2),
  }),
);
