import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/services/ledger/index.ts';
import {
  createApplication,
  getProgramBudget,
  submitApplication,
  systemActor,
} from '../src/services/vouchers/index.ts';
import { createTestPostgres, type TestPostgres } from './support/test-database.ts';
import { at, operator, publishFirstComeProgram, registerWuhanSme } from './vouchers-support.ts';

const PROGRAM = 'wuhan-first-come-race';
const BUDGET_FEN = 10_000_000n; // ¥100,000
const APPLICANTS = 200;

let pg: TestPostgres;

beforeAll(async () => {
  pg = await createTestPostgres(24);
  await publishFirstComeProgram(pg.db, PROGRAM, '100000');
});
afterAll(async () => {
  await pg.drop();
});

describe('first-come allocation on real PostgreSQL', () => {
  it(`never grants more than the budget and grants in arrival order (${APPLICANTS} concurrent submissions)`, async () => {
    const { db } = pg;
    const enterprises = [];
    for (let index = 0; index < APPLICANTS; index += 1) {
      enterprises.push(await registerWuhanSme(db, index));
    }
    // Requests of ¥500–¥1,100 (within the 50 % estimate on a ¥2,400 purchase): the budget covers
    // roughly the first 125, so the race decides who gets in.
    const applications = await Promise.all(
      enterprises.map((enterpriseId, index) =>
        createApplication({
          db,
          programId: PROGRAM,
          enterpriseId,
          plannedPurchase: { kind: 'compute', amountFen: 240_000n },
          requestedFen: 50_000n + BigInt(index % 7) * 10_000n,
          purpose: 'GPU hours for a start-up',
          actor: { ...operator, tenantId: enterpriseId },
          now: at('2025-06-01'),
        }),
      ),
    );
    const results = await Promise.all(
      applications.map((application) =>
        submitApplication({
          db,
          applicationId: application.id,
          actor: { ...operator, tenantId: application.enterpriseId },
          now: at('2025-06-02'),
        }),
      ),
    );
    expect(results).toHaveLength(APPLICANTS);

    const rows = await db.query<{
      arrival_seq: bigint;
      state: string;
      requested_fen: bigint;
      reservation_seq: bigint | null;
    }>(
      `select a.arrival_seq, a.state, a.requested_fen, t.seq as reservation_seq
         from voucher_applications a
         left join voucher_grants g on g.application_id = a.id
         left join ledger_transfers t on t.id = g.reservation_transfer_id
        where a.program_id = $1 order by a.arrival_seq`,
      [PROGRAM],
    );
    expect(rows).toHaveLength(APPLICANTS);
    expect(new Set(rows.map((row) => row.arrival_seq)).size).toBe(APPLICANTS);

    // Replay the arrival order against the budget: exactly the same decisions.
    let remainingFen = BUDGET_FEN;
    let grantedFen = 0n;
    for (const row of rows) {
      const fits = row.requested_fen <= remainingFen;
      expect(row.state).toBe(fits ? 'approved' : 'rejected');
      if (fits) {
        remainingFen -= row.requested_fen;
        grantedFen += row.requested_fen;
      }
    }
    expect(grantedFen).toBeLessThanOrEqual(BUDGET_FEN);
    const approved = rows.filter((row) => row.state === 'approved');
    expect(approved.length).toBeGreaterThan(100);
    expect(approved.length).toBeLessThan(APPLICANTS);
    // Ledger reservations were written in arrival order.
    const reservationSeqs = approved.map((row) => row.reservation_seq);
    expect(reservationSeqs.every((seq) => seq !== null)).toBe(true);
    expect([...reservationSeqs].sort((a, b) => (a! < b! ? -1 : 1))).toEqual(reservationSeqs);

    const budget = await getProgramBudget({ sql: db, actor: systemActor, programId: PROGRAM });
    expect(budget.fundedFen).toBe(BUDGET_FEN);
    expect(budget.remainingFen).toBe(BUDGET_FEN - grantedFen);
    expect(budget.committedFen).toBe(grantedFen);
    expect(await verifyLedger({ db })).toMatchObject({ ok: true });
  });
});
