import type { Command } from 'commander';
import { verifyAuditLog } from '../../services/audit/index.ts';
import { withDatabase } from '../with-database.ts';

/** `suanli audit verify`: checks the audit log's hash chain. */
export function registerAuditCommands(program: Command): Command {
  const audit = program.command('audit').description('inspect and verify the audit log');

  audit
    .command('verify')
    .description(
      'recompute the hash chain of the audit log; exits 1 naming the first bad row on any problem',
    )
    .action(async () => {
      const result = await withDatabase((db) => verifyAuditLog({ db }));
      if (result.ok) {
        console.log(`audit log ok: ${result.events} events`);
        return;
      }
      if (result.firstBadSeq !== null) {
        console.error(`first bad audit event: seq ${result.firstBadSeq} id ${result.firstBadId}`);
      }
      for (const problem of result.problems) console.error(problem);
      process.exitCode = 1;
    });
  return audit;
}
