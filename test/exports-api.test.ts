import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/domain/parties/csv.ts';
import { DomainError } from '../src/domain/shared/errors.ts';
import { systemActor } from '../src/services/authz/index.ts';
import {
  exportClaims,
  exportLedgerStatement,
  exportPayouts,
  type ExportFile,
} from '../src/services/exports/index.ts';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import { ensureEnterprise, ensureProvider } from './support/matrix-entries/parties.ts';
import { paidClaimIn, programOf } from './support/matrix-entries/publication-data.ts';
import { claimInState, type RedeemedClaim } from './support/publication-fixtures.ts';

let h: ApiHarness;
let paidA: RedeemedClaim;
let redeemedB: RedeemedClaim;

/** CSV text → records keyed by header. */
function rowsOf(text: string): Record<string, string>[] {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error('CSV does not parse');
  const [header = [], ...records] = parsed.records;
  return records.map((record) =>
    Object.fromEntries(header.map((name, index) => [name, record[index] ?? ''])),
  );
}

beforeAll(async () => {
  h = await createApiHarness();
  const enterpriseA = await ensureEnterprise(h, h.tenants.enterpriseA);
  const enterpriseB = await ensureEnterprise(h, h.tenants.enterpriseB);
  const providerA = await ensureProvider(h, h.tenants.providerA);
  paidA = await paidClaimIn(h, h.tenants.operatorA, {
    enterpriseId: enterpriseA,
    providerId: providerA,
  });
  const program = await programOf(h, h.tenants.operatorA.id);
  redeemedB = await claimInState(h.db, {
    programId: program.programId,
    at: h.clock.now(),
    enterpriseId: enterpriseB,
    providerId: program.providerId,
  });
}, 60_000);
afterAll(async () => {
  await h.close();
});

describe('exports over HTTP', () => {
  it('an enterprise exports only its own claims, with fen and yuan columns', async () => {
    const response = await h.as('enterprise-member@A').get('/api/v1/exports/claims.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="suanli-claims-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = rowsOf(response.text);
    expect(rows.map((row) => row.claim_id)).toEqual([paidA.claim.id]);
    expect(rows[0]).toMatchObject({
      state: 'paid',
      contract_amount_fen: '10000000',
      contract_amount_yuan: '100000.00',
      redeemed_fen: '5000000',
      redeemed_yuan: '50000.00',
      paid_fen: '5000000',
      paid_yuan: '50000.00',
    });
    expect(response.text).not.toContain(redeemedB.claim.id);
  });

  it('the operator of the program exports everyone’s; another operator sees none of it', async () => {
    const mine = rowsOf(
      (await h.as('auditor@A').get(`/api/v1/exports/claims.csv?programId=${paidA.claim.programId}`))
        .text,
    );
    expect(mine.map((row) => row.claim_id).sort()).toEqual(
      [paidA.claim.id, redeemedB.claim.id].sort(),
    );
    const theirs = await h.as('operator-admin@B').get('/api/v1/exports/grants.csv');
    expect(rowsOf(theirs.text)).toEqual([]);
  });

  it('a provider exports the claims on its contracts', async () => {
    const rows = rowsOf((await h.as('provider-admin@A').get('/api/v1/exports/claims.csv')).text);
    expect(rows.map((row) => row.claim_id)).toEqual([paidA.claim.id]);
    expect(rowsOf((await h.as('provider-admin@B').get('/api/v1/exports/claims.csv')).text)).toEqual(
      [],
    );
  });

  it('payouts as XLSX read back with exceljs: typed cells and the publication that allowed it', async () => {
    const raw = await h.app.request('/api/v1/exports/payouts.xlsx', {
      headers: { cookie: `suanli_session=${h.actors['operator-admin@A'].sessionToken}` },
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await raw.arrayBuffer());
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      'claim_id',
      'program_id',
      'payee_kind',
      'payee_id',
      'payee_name',
      'enterprise_name',
      'paid_fen',
      'paid_yuan',
      'clawed_back_fen',
      'clawed_back_yuan',
      'paid_at',
      'publication_id',
    ]);
    expect(sheet.rowCount).toBe(2);
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe(paidA.claim.id);
    expect(row.getCell(3).value).toBe('enterprise');
    expect(row.getCell(7).value).toBe(5_000_000);
    expect(row.getCell(8).value).toBe(50_000);
    expect(row.getCell(11).value).toBeInstanceOf(Date);
    expect(row.getCell(12).value).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a ledger statement of a grant: every transfer, direction and the running settled balance', async () => {
    const path = `/api/v1/exports/ledger-statement.csv?accountId=${paidA.grant.accountId}`;
    const rows = rowsOf((await h.as('enterprise-admin@A').get(path)).text);
    // Grant reserved (pending from the budget), posted when the claim was submitted, the claim's
    // reservation (pending to the payable), posted at redemption: the ¥50,000 left the grant.
    expect(
      rows.map((row) => [row.kind, row.direction, row.amount_fen, row.settled_balance_fen]),
    ).toEqual([
      ['pending', 'credit', '5000000', '0'],
      ['post', 'credit', '5000000', '5000000'],
      ['pending', 'debit', '5000000', '5000000'],
      ['post', 'debit', '5000000', '0'],
    ]);
    expect((await h.as('enterprise-admin@B').get(path)).errorCode).toBe('NOT_FOUND');
    expect((await h.as('provider-admin@A').get(path)).errorCode).toBe('FORBIDDEN');
    expect((await h.as('reviewer@A').get(path)).status).toBe(200);
  });
});

describe('the export services limit rows by the permission table themselves', () => {
  const now = new Date('2026-11-22T10:00:00Z');
  const claimIdsOf = async (file: Promise<ExportFile>) =>
    rowsOf((await file).body as string).map((row) => row.claim_id);

  it('called directly, give another tenant none of the rows and refuse what the table does not allow', async () => {
    const sql = h.db;
    const enterpriseB = h.personActor('enterprise-member@B');
    const operatorB = h.personActor('operator-admin@B');
    const providerB = h.personActor('provider-admin@B');
    const format = 'csv' as const;
    // Enterprise B sees its own claim, never enterprise A's in the same program.
    expect(await claimIdsOf(exportClaims({ sql, actor: enterpriseB, format, now }))).toEqual([
      redeemedB.claim.id,
    ]);
    // Operator B: not its program, so nothing, even when naming the program.
    const programId = paidA.claim.programId;
    expect(
      await claimIdsOf(exportClaims({ sql, actor: operatorB, programId, format, now })),
    ).toEqual([]);
    expect(
      await claimIdsOf(exportPayouts({ sql, actor: providerB, programId, format, now })),
    ).toEqual([]);
    // The ledger statement of A's grant: another enterprise 404, a provider may not at all.
    const accountId = paidA.grant.accountId;
    for (const [actor, code] of [
      [enterpriseB, 'NOT_FOUND'],
      [providerB, 'FORBIDDEN'],
    ] as const) {
      const error = await exportLedgerStatement({ sql, actor, accountId, format, now }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(code);
    }
    // The system (jobs, the CLI) reaches every row.
    expect(
      await claimIdsOf(exportClaims({ sql, actor: systemActor, programId, format, now })),
    ).toEqual(expect.arrayContaining([paidA.claim.id, redeemedB.claim.id]));
  });
});
