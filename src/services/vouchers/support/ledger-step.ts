import type { Sql } from '../../../db/client.ts';
import type { ErrorCode } from '../../../domain/shared/errors.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { createTransfers, type NewTransfer } from '../../ledger/index.ts';

/**
 * Runs voucher transfers inside the caller's transaction and turns a failed result into a
 * DomainError (rolling the whole operation back). Ids are deterministic per entity and step, so
 * `exists` is a retry of a step already done and counts as success.
 *
 * `translate` maps a ledger error code to the voucher-level one the user should see (e.g. an
 * INSUFFICIENT_BALANCE on the budget is BUDGET_EXHAUSTED, a PENDING_EXPIRED is GRANT_EXPIRED).
 */
export async function runTransfers(options: {
  tx: Sql;
  transfers: readonly NewTransfer[];
  now: Date;
  translate?: Partial<Record<ErrorCode, ErrorCode>>;
}): Promise<void> {
  const results = await createTransfers({
    sql: options.tx,
    transfers: options.transfers,
    now: options.now,
  });
  for (const result of results) {
    if (result.status !== 'failed') continue;
    // A linked group reports the member that broke it; report that one, not its victims.
    const cause =
      results.find((r) => r.status === 'failed' && r.error.code !== 'LINKED_EVENT_FAILED') ??
      result;
    if (cause.status !== 'failed') continue;
    const code = options.translate?.[cause.error.code] ?? cause.error.code;
    throw new DomainError(code, code === cause.error.code ? cause.error.message : undefined, {
      ...cause.error.details,
      ledgerCode: cause.error.code,
      transferId: cause.id,
    });
  }
}
