import type { Command } from 'commander';
import { formatYuan } from '../../domain/shared/money.ts';
import {
  cliActor,
  expireGrants,
  getProgramBudget,
  listExpiryWarnings,
} from '../../services/vouchers/index.ts';
import { withDatabase } from '../with-database.ts';

/** `suanli vouchers expire` and `suanli vouchers budget <program>`. */
export function registerVoucherCommands(program: Command): Command {
  const vouchers = program.command('vouchers').description('voucher housekeeping and budget views');

  vouchers
    .command('expire')
    .description(
      'write the due expiry warnings (30/14/7/0 days) and expire grants past their date (unused amounts back to the budget); what the server does every minute',
    )
    .option('--at <iso>', 'run as of this past time (default: now; never the future)')
    .action(async (options: { at?: string }) => {
      const now = options.at === undefined ? new Date() : new Date(options.at);
      if (Number.isNaN(now.getTime())) {
        console.error(`--at: not a date: ${options.at ?? ''}`);
        process.exitCode = 1;
        return;
      }
      // A run "as of" the future would expire grants early: only now or a past instant.
      if (now.getTime() > Date.now() + 60_000) {
        console.error('--at: must not be in the future');
        process.exitCode = 1;
        return;
      }
      const result = await withDatabase(async (db) => {
        const warnings = await listExpiryWarnings({ sql: db, now });
        const expired = await expireGrants({ db, now });
        return { warnings: warnings.length, ...expired };
      });
      console.log(
        `${result.warnings} warnings written, ${result.expired} grants expired, ${formatYuan(result.returnedFen)} back to budgets`,
      );
    });

  vouchers
    .command('budget')
    .argument('<program>', 'program id, e.g. hangzhou-city-compute')
    .description('funded, remaining, committed, in flight, settled and paid out, in fen and yuan')
    .action(async (programId: string) => {
      const budget = await withDatabase((db) =>
        getProgramBudget({ sql: db, actor: cliActor, programId }).catch((error: unknown) => {
          console.error(error instanceof Error ? error.message : String(error));
          return null;
        }),
      );
      if (!budget) {
        process.exitCode = 1;
        return;
      }
      for (const [label, fen] of [
        ['funded', budget.fundedFen],
        ['remaining', budget.remainingFen],
        ['committed', budget.committedFen],
        ['in flight', budget.inFlightFen],
        ['settled', budget.settledFen],
        ['paid out', budget.paidOutFen],
        ['clawed back', budget.clawedBackOwedFen],
        ['penalties', budget.penaltiesFen],
      ] as const) {
        console.log(`${label.padEnd(12)} ${fen.toString().padStart(20)} fen  ${formatYuan(fen)}`);
      }
    });
  return vouchers;
}
