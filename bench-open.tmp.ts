import { openDatabase } from './src/db/client.ts';
import { migrate } from './src/db/migrate.ts';
for (const pgliteThread of ['in-process', 'worker', 'in-process', 'worker'] as const) {
  let t = performance.now();
  const db = await openDatabase({ dataDir: 'memory://', pgliteThread });
  const opened = performance.now() - t; t = performance.now();
  await migrate(db);
  const migrated = performance.now() - t; t = performance.now();
  for (let i = 0; i < 2000; i++) await db.query('select $1::int8 as a', [BigInt(i)]);
  const q = performance.now() - t; t = performance.now();
  for (let i = 0; i < 300; i++) await db.transaction(async (tx) => { await tx.query('select 1'); await tx.query('select 2'); });
  const tr = performance.now() - t;
  console.log(pgliteThread, { opened, migrated, perQueryUs: (q / 2000) * 1000, perTxUs: (tr / 300) * 1000 });
  await db.close();
}
