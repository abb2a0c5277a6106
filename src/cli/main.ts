import { Command } from 'commander';
import { DataDirectoryLockedError } from '../db/client.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerLedgerCommands } from './commands/ledger.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerPartiesCommands } from './commands/parties.ts';
import { registerProgramCommands } from './commands/program.ts';
import { registerProviderCommands } from './commands/provider.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerVoucherCommands } from './commands/vouchers.ts';

/** `suanli <command>`: every operator task from a terminal. */
const program = new Command('suanli')
  .description('Suanli: compute and model vouchers, a public compute pool and MaaS')
  .showHelpAfterError();

registerServeCommand(program);
registerMigrateCommand(program);
registerLedgerCommands(program);
registerAuditCommands(program);
registerProgramCommands(program);
registerPartiesCommands(program);
registerVoucherCommands(program);
registerProviderCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // An expected refusal, not a bug: one line saying what to do, no stack trace.
  if (!(error instanceof DataDirectoryLockedError)) throw error;
  console.error(`suanli: ${error.message}`);
  process.exitCode = 1;
}
