import type { Database } from '../../../db/client.ts';
import type { EnterpriseLease } from './lease.ts';
import type { MeterModel } from './reservation.ts';
import type { RoundScheduler } from './round-scheduler.ts';
import { refreshVoucherLimit } from './voucher-decisions.ts';

/** What `topUpWhenLow` works with: the meter's database, slice, clock and rounds. */
export interface TopUpContext {
  lease: EnterpriseLease;
  model: MeterModel;
  db: Database;
  sliceFen: bigint;
  clock: () => Date;
  rounds: RoundScheduler;
}

/**
 * Asks the next round for another slice when a side of the lease runs low, so calls rarely
 * wait for a top-up and the voucher's share is not cut short while the grant still has money.
 */
export function topUpWhenLow(context: TopUpContext): void {
  const { lease } = context;
  const lowMicroFen = (context.sliceFen * 1_000_000n) / 2n;
  let asked = false;
  if (lease.budget.walletFreeMicroFen() < lowMicroFen && lease.wanted.walletFen === 0n) {
    lease.wanted = { ...lease.wanted, walletFen: 1n };
    asked = true;
  }
  const voucherLow = lease.grant !== null && lease.budget.voucherFreeMicroFen() < lowMicroFen;
  if (voucherLow && lease.wanted.voucherFen === 0n) {
    if (lease.voucherLimitFen > 0n) {
      lease.wanted = { ...lease.wanted, voucherFen: 1n };
      asked = true;
    } else {
      // The program's last answer is used up: ask it again (its year to date has moved), off
      // the call's path; the top-up follows if it allows more.
      refreshInBackground(context);
    }
  }
  if (asked) context.rounds.soon();
}

function refreshInBackground({ lease, model, db, sliceFen, clock, rounds }: TopUpContext): void {
  if (lease.refreshing) return;
  lease.refreshing = true;
  refreshVoucherLimit({ db, lease, model, wantedFen: sliceFen, now: clock() })
    .then(() => {
      if (lease.voucherLimitFen > 0n) {
        lease.wanted = { ...lease.wanted, voucherFen: lease.wanted.voucherFen + 1n };
        rounds.soon();
      }
    })
    .catch((error: unknown) => {
      rounds.lastError = error;
    })
    .finally(() => {
      lease.refreshing = false;
    });
}
