import type { Sql } from '../../db/client.ts';
import { isLedgerId, type Transfer } from '../../domain/ledger/index.ts';
import { TRANSFER_COLUMNS, toTransfer, type TransferRow } from './rows.ts';

/**
 * The stored transfers with these ids, in the order asked; unknown ids are left out.
 *
 * @example
 * const [transfer] = await lookupTransfers({ sql: db, ids: [transferId] });
 */
export async function lookupTransfers(options: {
  sql: Sql;
  ids: readonly string[];
}): Promise<Transfer[]> {
  const ids = options.ids.filter(isLedgerId);
  if (ids.length === 0) return [];
  const rows = await options.sql.query<TransferRow>(
    `select ${TRANSFER_COLUMNS} from ledger_transfers where id = any($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, toTransfer(row)]));
  return ids.flatMap((id) => {
    const transfer = byId.get(id);
    return transfer ? [transfer] : [];
  });
}
