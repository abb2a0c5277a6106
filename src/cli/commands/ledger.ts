import type { Command } from 'commander';
import { formatYuan } from '../../domain/shared/money.ts';
import { getBalances, lookupAccounts, verifyLedger } from '../../services/ledger/index.ts';
import { reconcileVouchers } from '../../services/vouchers/index.ts';
import { reconcileExchange } from '../../services/exchange/index.ts';
import { withDatabase } from '../with-database.ts';

/** `suanli ledger verify` and `suanli ledger balance <account>`. */
export function registerLedgerCommands(program: Command): Command {
  const ledger = program
    .command('ledger')
    .description('inspect and verify the double-entry ledger');

  ledger
    .command('verify')
    .description(
      'recompute every balance from the transfers and check the hash chain, then reconcile every claim and grant with its balances (no stranded money) and the exchange’s accounts with its invoices and payouts; exits 1 on any problem',
    )
    .action(async () => {
      const {
        ledger: result,
        vouchers,
        exchange,
      } = await withDatabase(async (db) => {
        const verified = await verifyLedger({ db });
        // Balances that do not match their transfers reconcile nothing: fix the ledger first.
        if (!verified.ok) return { ledger: verified, vouchers: null, exchange: null };
        return {
          ledger: verified,
          vouchers: await reconcileVouchers({ sql: db, now: new Date() }),
          exchange: await reconcileExchange({ sql: db }),
        };
      });
      if (!result.ok) {
        if (result.firstBadTransferId !== undefined) {
          console.error(`first bad transfer: ${result.firstBadTransferId}`);
        }
        for (const problem of result.problems) console.error(problem);
        process.exitCode = 1;
        return;
      }
      console.log(`ledger ok: ${result.transfers} transfers, ${result.accounts} accounts`);
      if (exchange?.ok === false) {
        for (const finding of exchange.findings) console.error(finding.message);
        process.exitCode = 1;
      } else {
        console.log(
          `exchange ok: ${exchange?.providers ?? 0} providers, ${exchange?.enterprises ?? 0} enterprises, ${exchange?.orders ?? 0} orders match their invoices and payouts`,
        );
      }
      if (vouchers?.ok !== false) {
        console.log(
          `vouchers ok: ${vouchers?.claims ?? 0} claims, ${vouchers?.grants ?? 0} grants in ${vouchers?.programs ?? 0} programs hold what their states say`,
        );
        return;
      }
      for (const finding of vouchers.findings) console.error(finding.message);
      process.exitCode = 1;
    });

  ledger
    .command('balance')
    .argument('<account>', 'account id (uuid)')
    .description('print the four counters and the settled / in-flight / committed balances')
    .action(async (accountId: string) => {
      const found = await withDatabase(async (db) => {
        const [account] = await lookupAccounts({ sql: db, ids: [accountId] });
        const [balance] = await getBalances({ sql: db, ids: [accountId] });
        return account && balance ? { account, balance } : null;
      });
      if (!found) {
        console.error(`account ${accountId} not found`);
        process.exitCode = 1;
        return;
      }
      const { account, balance } = found;
      const line = (label: string, fen: bigint): string =>
        `${label.padEnd(16)} ${fen.toString().padStart(20)} fen  ${formatYuan(fen)}`;
      console.log(`account ${account.id} (ledger ${account.ledger}, code ${account.code})`);
      console.log(line('debits pending', account.debitsPendingFen));
      console.log(line('debits posted', account.debitsPostedFen));
      console.log(line('credits pending', account.creditsPendingFen));
      console.log(line('credits posted', account.creditsPostedFen));
      console.log(line('settled', balance.settledFen));
      console.log(line('in flight', balance.inFlightFen));
      console.log(line('committed', balance.committedFen));
      console.log(line('available', balance.availableFen));
    });
  return ledger;
}
