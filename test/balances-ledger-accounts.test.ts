import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from './support/api-harness.ts';
import { createDemoHarness, type DemoHarness } from './support/demo-harness.ts';

/**
 * Balances name the ledger accounts behind them (id, account-plan code and name) with the URL
 * of each account's statement export, so a figure can be followed to its transfers — and the
 * statement stays readable only by whom it concerns.
 */

interface LedgerAccountRef {
  id: string;
  code: number;
  name: string;
  statementUrls: { csv: string; xlsx: string };
}

let demo: DemoHarness;
let hangzhou: ApiClient;
let hangzhouId: string;

beforeAll(async () => {
  demo = await createDemoHarness();
  hangzhou = await demo.signIn('hangzhou@suanli-demo.test');
  const me = await hangzhou.get('/api/v1/me');
  hangzhouId = me.json<{ user: { tenantId: string } }>().user.tenantId;
}, 120_000);
afterAll(async () => {
  await demo.close();
});

/** Statement lines (CSV without its BOM and header): `[transfer id, direction, amount fen]`. */
function statementLines(csv: string): string[][] {
  const [header, ...rows] = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  const columns = (header ?? '').split(',');
  const pick = ['transfer_id', 'direction', 'amount_fen'].map((name) => columns.indexOf(name));
  return rows.map((row) => {
    const cells = row.split(',');
    return pick.map((index) => cells[index] ?? '');
  });
}

describe('balances name their ledger accounts', () => {
  it("an enterprise's balances lead to each grant account's statement", async () => {
    const response = await hangzhou.get(`/api/v1/enterprises/${hangzhouId}/balances`);
    expect(response.status).toBe(200);
    const { grants } = response.json<{
      grants: { id: string; amountFen: string; ledgerAccount: LedgerAccountRef }[];
    }>();
    expect(grants.length).toBeGreaterThan(0);
    for (const grant of grants) {
      expect(grant.ledgerAccount).toMatchObject({ code: 5103, name: 'grant' });
      expect(grant.ledgerAccount.statementUrls.csv).toBe(
        `/api/v1/exports/ledger-statement.csv?accountId=${grant.ledgerAccount.id}`,
      );
      const statement = await hangzhou.get(grant.ledgerAccount.statementUrls.csv);
      expect(statement.status).toBe(200);
      expect(statement.headers.get('content-type')).toContain('text/csv');
      // The grant's money arrives on its account as the budget's reservation of the grant.
      const lines = statementLines(statement.text);
      expect(
        lines.some(([, direction, fen]) => direction === 'credit' && fen === grant.amountFen),
      ).toBe(true);
      const xlsx = await hangzhou.get(grant.ledgerAccount.statementUrls.xlsx);
      expect(xlsx.status).toBe(200);
    }
  });

  it('a grant read on its own names the same account', async () => {
    const list = await hangzhou.get('/api/v1/grants');
    const [first] = list.json<{ items: { id: string; ledgerAccount: LedgerAccountRef }[] }>().items;
    expect(first).toBeDefined();
    const one = await hangzhou.get(`/api/v1/grants/${first?.id ?? ''}`);
    expect(one.json<{ ledgerAccount: LedgerAccountRef }>().ledgerAccount).toEqual(
      first?.ledgerAccount,
    );
  });

  it("another enterprise cannot follow the link to a grant account's statement", async () => {
    const balances = await hangzhou.get(`/api/v1/enterprises/${hangzhouId}/balances`);
    const [grant] = balances.json<{ grants: { ledgerAccount: LedgerAccountRef }[] }>().grants;
    const chengdu = await demo.signIn('chengdu@suanli-demo.test');
    const response = await chengdu.get(grant?.ledgerAccount.statementUrls.csv ?? '');
    expect(response.status).toBe(404);
    expect(response.errorCode).toBe('NOT_FOUND');
  });

  it("a program's budget names its accounts, and the operator can read each statement", async () => {
    const operator = await demo.signIn('operator@suanli-demo.test');
    const programId = demo.seed.summary?.programIds[0] ?? '';
    const response = await operator.get(`/api/v1/programs/${programId}/budget`);
    expect(response.status).toBe(200);
    const { ledgerAccounts } = response.json<{
      ledgerAccounts: (LedgerAccountRef & { role: string })[];
    }>();
    expect(ledgerAccounts.map((account) => [account.role, account.code, account.name])).toEqual(
      expect.arrayContaining([
        ['treasury', 5101, 'programTreasury'],
        ['budget', 5102, 'programBudget'],
        ['paidOut', 5106, 'paidOut'],
      ]),
    );
    for (const account of ledgerAccounts) {
      const statement = await operator.get(account.statementUrls.csv);
      expect(statement.status, account.role).toBe(200);
    }
    const enterprise = await hangzhou.get(
      ledgerAccounts.find((account) => account.role === 'budget')?.statementUrls.csv ?? '',
    );
    expect(enterprise.status).toBe(404);
  });
});
