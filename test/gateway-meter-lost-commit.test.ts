/**
 * A settlement round whose commit happened but whose caller never heard of it (the connection
 * broke after COMMIT was sent): the meter takes the round for failed and keeps its records and
 * its leases' tabs. Written again blindly, they would be written twice: on embedded PGlite the
 * records go in by COPY, which fails on records already stored (usage-record.ts), and on both
 * engines the renewals would clash with their own committed transfers in every round after. The
 * meter learns whether the round committed (`pg_xact_status`) before it goes on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { walletAccountIds } from '../src/domain/gateway/account-plan.ts';
import { Meter } from '../src/services/gateway/metering/index.ts';
import { getBalances, verifyLedger } from '../src/services/ledger/index.ts';
import { setUpGatewayMoney } from './support/gateway-money-fixtures.ts';
import {
  createTestPglite,
  createTestPostgres,
  type TestPostgres,
} from './support/test-database.ts';

const WALLET_FEN = 7_000n;

let postgres: TestPostgres;
const databases: Partial<Record<'PGlite' | 'PostgreSQL', Database>> = {};
beforeAll(async () => {
  postgres = await createTestPostgres(4);
  databases.PGlite = await createTestPglite();
  databases.PostgreSQL = postgres.db;
});
afterAll(async () => {
  await databases.PGlite?.close();
  await postgres.drop();
});

/** The database, except that once armed, a transaction that commits reports a lost connection. */
function losingAcknowledgements(database: Database) {
  let armed = false;
  let lost = 0;
  const wrapped: Database = {
    ...database,
    query: (text, params, options) => database.query(text, params, options),
    exec: (script) => database.exec(script),
    transaction: async (work) => {
      const result = await database.transaction(work);
      if (armed) {
        armed = false;
        lost += 1;
        throw new Error('connection lost after COMMIT');
      }
      return result;
    },
    close: () => database.close(),
  };
  return {
    db: wrapped,
    loseNextCommit: () => (armed = true),
    lostCommits: () => lost,
  };
}

describe.each(['PGlite', 'PostgreSQL'] as const)(
  'a round committed but reported failed (%s)',
  (engine) => {
    it('is written again without doubling a record or a fen', async () => {
      const db = databases[engine];
      if (!db) throw new Error('no database');
      const world = await setUpGatewayMoney(db, { voucherFen: 3_000n, walletFen: WALLET_FEN });
      const faulty = losingAcknowledgements(db);
      const meter = new Meter({ db: faulty.db, leaseSliceFen: 500n, leaseTimeoutSeconds: 30 });
      const worstCase = { inputTokens: 20_000, outputTokens: 10_000 };
      const call = async (index: number) => {
        const reservation = await meter.reserve({
          enterpriseId: world.enterpriseId,
          requestId: `lost-ack-${index}`,
          model: world.filedModel,
          worstCase,
        });
        reservation.settle({ usage: { inputTokens: 10_000, outputTokens: 5_000 }, latencyMs: 10 });
      };
      for (let index = 0; index < 20; index += 1) await call(index);
      // The round that writes them (flush's, or one the meter started when a voucher ran out)
      // commits, and hears that the connection was lost.
      faulty.loseNextCommit();
      await meter.flush().catch(() => undefined);
      expect(faulty.lostCommits()).toBe(1);
      // The next round learns that the last one committed, then writes these calls; its own
      // commit is reported lost too, and `close` learns that one committed.
      for (let index = 20; index < 30; index += 1) await call(index);
      faulty.loseNextCommit();
      await meter.flush().catch(() => undefined);
      expect(faulty.lostCommits()).toBe(2);
      await meter.close();

      const [records] = await db.query<{ n: number; wallet: bigint }>(
        `select count(*)::int as n, sum(billed_wallet_fen)::int8 as wallet
         from gateway_usage_records where enterprise_id = $1`,
        [world.enterpriseId],
      );
      expect(records?.n).toBe(30);
      const [wallet] = await getBalances({
        sql: db,
        ids: [walletAccountIds(world.enterpriseId).wallet],
      });
      expect(wallet?.inFlightFen).toBe(0n);
      expect(WALLET_FEN - (wallet?.settledFen ?? 0n)).toBe(records?.wallet);
      expect(await verifyLedger({ db })).toMatchObject({ ok: true });
    });
  },
);
