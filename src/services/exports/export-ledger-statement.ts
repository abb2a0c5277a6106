import type { Sql } from '../../db/client.ts';
import { MAX_EXPORT_ROWS, moneyColumns, type ExportColumn } from '../../domain/exports/table.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { isPerson, type Actor } from '../authz/actor.ts';
import { listScope } from '../authz/authorize.ts';
import { listAccountTransfers, lookupAccounts, type Transfer } from '../ledger/index.ts';
import {
  assertWithinExportLimit,
  renderExport,
  type ExportFile,
  type ExportFormat,
} from './render-export.ts';

interface StatementLine {
  transfer: Transfer;
  direction: 'debit' | 'credit';
  counterpartyAccountId: string;
  /** Credit-normal settled balance after this line: posted credits − posted debits so far. */
  settledFen: bigint;
}

const columns: ExportColumn<StatementLine>[] = [
  { header: 'seq', kind: 'integer', value: (line) => line.transfer.seq },
  { header: 'created_at', kind: 'datetime', value: (line) => line.transfer.createdAt },
  { header: 'transfer_id', kind: 'text', value: (line) => line.transfer.id },
  { header: 'kind', kind: 'text', value: (line) => line.transfer.kind },
  { header: 'code', kind: 'integer', value: (line) => line.transfer.code },
  { header: 'direction', kind: 'text', value: (line) => line.direction },
  { header: 'counterparty_account_id', kind: 'text', value: (line) => line.counterpartyAccountId },
  ...moneyColumns<StatementLine>('amount', (line) => line.transfer.amountFen),
  ...moneyColumns<StatementLine>('settled_balance', (line) => line.settledFen),
  { header: 'pending_id', kind: 'text', value: (line) => line.transfer.pendingId },
  { header: 'user_data', kind: 'text', value: (line) => line.transfer.userData },
];

const PAGE_SIZE = 1000;

/**
 * Whether the actor may read this account (`ledgerStatement.read`): operator staff (reach
 * `any`) any account except the voucher accounts (a grant's, a program's) of programs that are
 * not their operator tenant's — those are reached through their program, as every voucher
 * object; an enterprise (`tenant`) the accounts of its own grants; a provider none (its money
 * is shown as payouts: FORBIDDEN); jobs and the CLI any. Otherwise NOT_FOUND, so account ids of
 * other tenants do not leak.
 */
async function assertAccountVisible(sql: Sql, actor: Actor, accountId: string): Promise<void> {
  const scope = listScope(actor, 'ledgerStatement.read');
  const [account] = await lookupAccounts({ sql, ids: [accountId] });
  let visible = account !== undefined;
  if (visible && scope.tenantId === null && isPerson(actor)) {
    // A program without an operator tenant is nobody's (see scope-sql.ts): `is distinct from`.
    const [foreign] = await sql.query<{ foreign: boolean }>(
      `select exists (select 1 from voucher_grants g
                        join voucher_programs vp on vp.program_id = g.program_id
                       where g.account_id = $1 and vp.operator_tenant_id is distinct from $2::uuid)
           or exists (select 1 from voucher_programs vp
                       where $1 in (vp.treasury_account_id, vp.budget_account_id,
                                    vp.payable_account_id, vp.paid_out_account_id,
                                    vp.receivable_account_id, vp.penalty_account_id)
                         and vp.operator_tenant_id is distinct from $2::uuid) as foreign`,
      [accountId, actor.tenantId],
    );
    visible = foreign?.foreign === false;
  }
  if (account !== undefined && scope.tenantId !== null) {
    const rows = await sql.query(
      'select 1 from voucher_grants where account_id = $1 and enterprise_id = $2',
      [accountId, scope.tenantId],
    );
    visible = rows.length > 0;
  }
  if (!visible) throw new DomainError('NOT_FOUND', 'no such account', { field: 'accountId' });
}

/** Every posted effect in chain order, with the running settled balance. */
function toLines(accountId: string, transfers: readonly Transfer[]): StatementLine[] {
  let settledFen = 0n;
  return transfers.map((transfer) => {
    const direction = transfer.creditAccountId === accountId ? 'credit' : 'debit';
    if (transfer.kind === 'single' || transfer.kind === 'post') {
      settledFen += direction === 'credit' ? transfer.amountFen : -transfer.amountFen;
    }
    const counterpartyAccountId =
      direction === 'credit' ? transfer.debitAccountId : transfer.creditAccountId;
    return { transfer, direction, counterpartyAccountId, settledFen };
  });
}

/**
 * The statement of one ledger account: every transfer in chain order (pending, post, void,
 * expire too), its direction and counterparty, and the settled balance after each line.
 *
 * @example
 * const file = await exportLedgerStatement({ sql: db, actor, accountId: grant.accountId,
 *   format: 'csv', now });
 */
export async function exportLedgerStatement(options: {
  sql: Sql;
  /** Who reads (`ledgerStatement.read`); see `assertAccountVisible`. */
  actor: Actor;
  accountId: string;
  format: ExportFormat;
  now: Date;
}): Promise<ExportFile> {
  const { sql, accountId } = options;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(accountId)) {
    throw new DomainError('VALIDATION_FAILED', 'accountId: must be a lower-case UUID', {
      field: 'accountId',
    });
  }
  await assertAccountVisible(sql, options.actor, accountId);
  const transfers: Transfer[] = [];
  let afterId: string | undefined;
  for (let page = 0; page <= MAX_EXPORT_ROWS / PAGE_SIZE; page += 1) {
    const batch = await listAccountTransfers({
      sql,
      accountId,
      limit: PAGE_SIZE,
      ...(afterId ? { afterId } : {}),
    });
    transfers.push(...batch);
    assertWithinExportLimit(transfers.length);
    const last = batch.at(-1);
    if (batch.length < PAGE_SIZE || !last) break;
    afterId = last.id;
  }
  return renderExport({
    format: options.format,
    name: 'ledger-statement',
    columns,
    rows: toLines(accountId, transfers),
    now: options.now,
  });
}
