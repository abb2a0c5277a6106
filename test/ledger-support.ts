import { v7 } from 'uuid';
import type { Sql } from '../src/db/client.ts';
import { createAccounts, createTransfers, type NewTransfer } from '../src/services/ledger/index.ts';

export const CNY = 156;

/** A test ledger: a source account without limits and limited holders funded from it. */
export async function makeAccounts(
  sql: Sql,
  count: number,
  options: { fundFen?: bigint; limited?: boolean } = {},
): Promise<{ source: string; holders: string[] }> {
  const source = v7();
  const holders = Array.from({ length: count }, () => v7());
  const results = await createAccounts({
    sql,
    accounts: [
      { id: source, ledger: CNY, code: 1 },
      ...holders.map((id) => ({
        id,
        ledger: CNY,
        code: 2,
        flags: { debitsMustNotExceedCredits: options.limited ?? true },
      })),
    ],
  });
  if (results.some((r) => r.status !== 'created')) throw new Error('accounts not created');
  if (options.fundFen !== undefined && options.fundFen > 0n) {
    const funded = await createTransfers({
      sql,
      transfers: holders.map((id) => transfer(source, id, options.fundFen ?? 0n)),
    });
    if (funded.some((r) => r.status !== 'created')) throw new Error('funding failed');
  }
  return { source, holders };
}

/** A single-phase transfer with a fresh id. */
export function transfer(
  debitAccountId: string,
  creditAccountId: string,
  amountFen: bigint,
  extra: Partial<NewTransfer> = {},
): NewTransfer {
  return { id: v7(), debitAccountId, creditAccountId, amountFen, ledger: CNY, code: 10, ...extra };
}
