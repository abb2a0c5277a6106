import type { Database } from '../../db/client.ts';
import { databaseInTransaction } from '../../db/nested-transaction.ts';
import type { Actor } from '../authz/actor.ts';
import { listScope } from '../authz/authorize.ts';
import { verifyLedger, type VerifyResult } from '../ledger/index.ts';
import { reconcileVouchers, type ReconciliationReport } from '../vouchers/index.ts';

/** What a verification run found, as `suanli ledger verify` prints it. */
export interface LedgerVerification {
  /** Both checks passed. */
  ok: boolean;
  /** The request's time. */
  startedAt: Date;
  /** How long the two checks took, in whole milliseconds. */
  durationMs: number;
  /** The whole ledger: hash chain and every account's counters recomputed from the transfers. */
  ledger: VerifyResult;
  /**
   * Every claim and grant of the caller's programs against its balances; null when the ledger
   * itself is broken (balances that do not match their transfers reconcile nothing).
   */
  vouchers: ReconciliationReport | null;
}

/** Programs reconciled in one run at most (an operator tenant runs a handful). */
const MAX_PROGRAMS = 1000;

/**
 * Runs `suanli ledger verify` on demand for an auditor or an operator admin: recomputes the hash
 * chain and every balance of the shared ledger from its transfers (naming the first bad row),
 * then reconciles each claim and grant of the caller's operator tenant's programs with its
 * balances (a system actor: every program). Both read one repeatable-read snapshot, so transfers
 * booked meanwhile by a running server neither break the chain check nor count half. Read-only.
 *
 * @example
 * const run = await runLedgerVerification({ db, actor, now: new Date() });
 * if (!run.ok) console.error(run.ledger, run.vouchers?.findings);
 */
export async function runLedgerVerification(options: {
  db: Database;
  actor: Actor;
  now: Date;
}): Promise<LedgerVerification> {
  const scope = listScope(options.actor, 'ledger.verify');
  const started = performance.now();
  const result = await options.db.transaction(async (tx) => {
    await tx.query('set transaction isolation level repeatable read, read only');
    const ledger = await verifyLedger({ db: databaseInTransaction(tx) });
    if (!ledger.ok) return { ledger, vouchers: null };
    const programs = await tx.query<{ program_id: string }>(
      `select program_id from voucher_programs
        where $1::uuid is null or operator_tenant_id = $1::uuid
        order by program_id limit ${MAX_PROGRAMS}`,
      [scope.operatorTenantId],
    );
    const vouchers: ReconciliationReport = {
      ok: true,
      programs: 0,
      claims: 0,
      grants: 0,
      findings: [],
    };
    for (const { program_id: programId } of programs) {
      const report = await reconcileVouchers({ sql: tx, now: options.now, programId });
      vouchers.programs += report.programs;
      vouchers.claims += report.claims;
      vouchers.grants += report.grants;
      vouchers.findings.push(...report.findings);
    }
    vouchers.ok = vouchers.findings.length === 0;
    return { ledger, vouchers };
  });
  return {
    ok: result.ledger.ok && result.vouchers?.ok === true,
    startedAt: options.now,
    durationMs: Math.round(performance.now() - started),
    ...result,
  };
}
