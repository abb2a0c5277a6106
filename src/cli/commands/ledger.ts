import type { Command } from 'commander';

/** `suanli ledger …` commands; filled in by the ledger module. */
export function registerLedgerCommands(program: Command): Command {
  return program.command('ledger').description('inspect and verify the double-entry ledger');
}
