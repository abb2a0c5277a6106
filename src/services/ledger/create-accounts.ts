import type { Database, Sql } from '../../db/client.ts';
import { inTransaction } from '../../db/nested-transaction.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  validateNewAccount,
  type AccountResult,
  type NewAccount,
} from '../../domain/ledger/index.ts';
import { ACCOUNT_COLUMNS, toAccount, type AccountRow } from './rows.ts';

export interface CreateAccountsOptions {
  /** The database (a transaction is opened) or the caller's transaction. */
  sql: Sql | Database;
  accounts: readonly NewAccount[];
}

/** The client fields of an account; equal keys = the same account (idempotent retry). */
function accountKey(account: NewAccount): string {
  return JSON.stringify([
    account.ledger,
    account.code,
    account.flags?.debitsMustNotExceedCredits === true,
    account.flags?.creditsMustNotExceedDebits === true,
    account.userData ?? '',
  ]);
}

/**
 * Creates accounts with zero counters, idempotently: an existing id with the same fields is
 * `exists`, with other fields `ACCOUNT_EXISTS`. Invalid accounts fail alone (nothing written
 * for them); concurrent creators of one id both see it created once.
 *
 * @example
 * await createAccounts({ sql: db, accounts: [{ id: v7(), ledger: 156, code: 2,
 *   flags: { debitsMustNotExceedCredits: true } }] });
 */
export async function createAccounts(options: CreateAccountsOptions): Promise<AccountResult[]> {
  const { accounts } = options;
  return inTransaction(options.sql, async (tx) => {
    const results: (AccountResult | undefined)[] = accounts.map((account, index) => {
      const error = validateNewAccount(account, `accounts.${index}`);
      return error ? { index, id: account.id, status: 'failed', error } : undefined;
    });
    const firstIndex = new Map<string, number>();
    accounts.forEach((account, index) => {
      if (results[index] === undefined && !firstIndex.has(account.id)) {
        firstIndex.set(account.id, index);
      }
    });
    const fresh = [...firstIndex.values()].map((index) => accounts[index] as NewAccount);
    const inserted = new Set(
      fresh.length === 0
        ? []
        : (
            await tx.query<{ id: string }>(
              `insert into ledger_accounts (id, ledger, code, debits_must_not_exceed_credits,
                 credits_must_not_exceed_debits, user_data)
               select * from unnest($1::uuid[], $2::int[], $3::int[], $4::bool[], $5::bool[],
                                    $6::text[])
               on conflict (id) do nothing returning id`,
              [
                fresh.map((a) => a.id),
                fresh.map((a) => a.ledger),
                fresh.map((a) => a.code),
                fresh.map((a) => a.flags?.debitsMustNotExceedCredits === true),
                fresh.map((a) => a.flags?.creditsMustNotExceedDebits === true),
                fresh.map((a) => a.userData ?? ''),
              ],
            )
          ).map((row) => row.id),
    );
    const others = [...firstIndex.keys()].filter((id) => !inserted.has(id));
    const stored = new Map(
      others.length === 0
        ? []
        : (
            await tx.query<AccountRow>(
              `select ${ACCOUNT_COLUMNS} from ledger_accounts where id = any($1::uuid[])`,
              [others],
            )
          ).map((row) => [row.id, toAccount(row)]),
    );
    return accounts.map((account, index): AccountResult => {
      const failed = results[index];
      if (failed) return failed;
      if (inserted.has(account.id) && firstIndex.get(account.id) === index) {
        return { index, id: account.id, status: 'created' };
      }
      const previous = stored.get(account.id) ?? accounts[firstIndex.get(account.id) ?? index];
      const same = previous !== undefined && accountKey(previous) === accountKey(account);
      return same
        ? { index, id: account.id, status: 'exists' }
        : {
            index,
            id: account.id,
            status: 'failed',
            error: new DomainError('ACCOUNT_EXISTS', undefined, { field: `accounts.${index}.id` }),
          };
    });
  });
}
