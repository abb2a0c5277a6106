import { auditChainHash } from '../../domain/audit/chain.ts';
import type { Database } from '../../db/client.ts';
import { AUDIT_COLUMNS, toAuditEvent, type AuditEventRow } from './rows.ts';

const PAGE_SIZE = 2000;

export type VerifyAuditResult =
  | { ok: true; events: number }
  | {
      ok: false;
      events: number;
      firstBadSeq: bigint | null;
      firstBadId: string | null;
      problems: string[];
    };

/**
 * Walks the audit log in chain order, recomputes every hash, and checks that `seq` has no gaps
 * and that the chain head matches the last row. Names the first bad row (seq and id).
 *
 * @example
 * const result = await verifyAuditLog({ db });
 * if (!result.ok) console.error(result.problems.join('\n'));
 */
export async function verifyAuditLog(options: { db: Database }): Promise<VerifyAuditResult> {
  const { db } = options;
  const problems: string[] = [];
  let firstBad: { seq: bigint; id: string } | undefined;
  let hash = '';
  let expectedSeq = 1n;
  let count = 0;
  for (;;) {
    const rows = await db.query<AuditEventRow>(
      `select ${AUDIT_COLUMNS} from audit_events where seq >= $1 order by seq limit $2`,
      [expectedSeq.toString(), PAGE_SIZE],
    );
    for (const row of rows) {
      const event = toAuditEvent(row);
      const where = `audit event seq ${event.seq} id ${event.id}`;
      const rowProblems: string[] = [];
      if (event.seq !== expectedSeq) {
        rowProblems.push(`${where}: expected seq ${expectedSeq} (rows missing before it)`);
      }
      hash = auditChainHash(hash, event);
      if (hash !== row.hash) {
        rowProblems.push(`${where}: hash does not match its contents and the previous row`);
        hash = row.hash; // report each broken row once, not every row after it
      }
      if (rowProblems.length > 0) {
        firstBad ??= { seq: event.seq, id: event.id };
        problems.push(...rowProblems);
      }
      expectedSeq = event.seq + 1n;
      count += 1;
    }
    if (rows.length < PAGE_SIZE) break;
  }
  const [head] = await db.query<{ seq: bigint; hash: string }>(
    `select seq, encode(hash, 'hex') as hash from audit_chain_head`,
  );
  if (head === undefined || head.seq !== expectedSeq - 1n || head.hash !== hash) {
    problems.push(
      `chain head (seq ${head?.seq}) does not match the last audit event (seq ${expectedSeq - 1n}): rows were removed at the end or the head was edited`,
    );
  }
  if (problems.length === 0) return { ok: true, events: count };
  return {
    ok: false,
    events: count,
    firstBadSeq: firstBad?.seq ?? null,
    firstBadId: firstBad?.id ?? null,
    problems,
  };
}
