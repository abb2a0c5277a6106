import type { Sql } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { isLedgerId, type Transfer } from '../../domain/ledger/index.ts';
import { TRANSFER_COLUMNS, toTransfer, type TransferRow } from './rows.ts';

/** Largest page `listAccountTransfers` returns. */
export const MAX_PAGE_SIZE = 1000;

/**
 * The transfers that debit or credit an account, oldest first (chain order), one page at a
 * time: pass the last id of a page as `afterId` to get the next one. For statements and exports.
 *
 * @example
 * const page = await listAccountTransfers({ sql: db, accountId, limit: 100 });
 */
export async function listAccountTransfers(options: {
  sql: Sql;
  accountId: string;
  limit: number;
  afterId?: string;
}): Promise<Transfer[]> {
  const { sql, accountId, afterId } = options;
  if (!isLedgerId(accountId)) {
    throw new DomainError('VALIDATION_FAILED', 'accountId: must be a lower-case UUID', {
      field: 'accountId',
    });
  }
  if (afterId !== undefined && !isLedgerId(afterId)) {
    throw new DomainError('VALIDATION_FAILED', 'afterId: must be a lower-case UUID', {
      field: 'afterId',
    });
  }
  const limit = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.trunc(options.limit)));
  const rows = await sql.query<TransferRow>(
    `with cursor as (
       select coalesce((select seq from ledger_transfers where id = $2::uuid), 0) as after_seq)
     (select ${TRANSFER_COLUMNS} from ledger_transfers, cursor c
       where debit_account_id = $1 and seq > c.after_seq order by seq limit $3)
     union all
     (select ${TRANSFER_COLUMNS} from ledger_transfers, cursor c
       where credit_account_id = $1 and seq > c.after_seq order by seq limit $3)
     order by seq limit $3`,
    [accountId, afterId ?? null, limit],
  );
  return rows.map(toTransfer);
}
