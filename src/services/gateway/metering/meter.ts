import type { Database } from '../../../db/client.ts';
import type { Hold } from '../../../domain/gateway/lease-budget.ts';
import { worstCaseMicroFen } from '../../../domain/gateway/pricing.ts';
import { assert } from '../../../domain/shared/assert.ts';
import { DomainError } from '../../../domain/shared/errors.ts';
import { expirePendingTransfers } from '../../ledger/index.ts';
import type { UsageRecord } from '../usage/usage-record.ts';
import { MAX_USAGE_RECORDS_PER_INSERT } from '../usage/usage-record.ts';
import type { EnterpriseLease, LeaseSnapshot, Renewal } from './lease.ts';
import { exhaustSpentGrant } from './exhaust-spent-grant.ts';
import type { LeaseSettings } from './renew-leases.ts';
import { settleRound, type RoundOutcome } from './settle-round.ts';
import { Reservation, type ReservationHost, type ReserveInput } from './reservation.ts';
import { RoundScheduler } from './round-scheduler.ts';
import { topUpWhenLow } from './top-up-when-low.ts';
import { openEnterpriseLease } from './open-lease.ts';
import { rateFor, refreshVoucherLimit } from './voucher-decisions.ts';

/**
 * 500 ms, not 200: each round costs ~6 ms of database work however few calls it carries (the lease
 * renewal, begin and commit), and on a two-core machine at 500 calls/s the rounds were most of
 * the gateway's added p99 — 500 ms lowered it in all seven measured pairs, by 0.3–1.6 ms
 * (docs/benchmarks.md#gateway). Balances still move twice a second, and a crash loses at most half
 * a second of unbilled calls (the lease's money comes back; records and money never disagree).
 */
export const DEFAULT_ROUND_INTERVAL_MS = 500;

export interface MeterOptions {
  db: Database;
  clock?: () => Date;
  /** Fen a lease takes beyond what calls asked for, per side (default ¥10). */
  leaseSliceFen?: bigint;
  /** Seconds a lease lives unrenewed: a crashed process's lease comes back after this (default 60). */
  leaseTimeoutSeconds?: number;
  /**
   * Milliseconds between settlement rounds (default `DEFAULT_ROUND_INTERVAL_MS`): how late the
   * records and the ledger see a call, and what a crashed process loses of its unbilled calls.
   */
  roundIntervalMs?: number;
  /** Usage records waiting at most; past it new calls are refused with RATE_LIMITED. */
  maxBufferedRecords?: number;
  /** Told of every settled call, in the call's path (metrics); must not throw or block. */
  onRecord?: (record: UsageRecord) => void;
}

/**
 * The gateway's money path for one process (docs/gateway-money.md). `reserve` holds a call's
 * worst case from its enterprise's lease — in memory, no database round trip once the lease is
 * open and large enough; `settle` bills the real usage; settlement rounds (every
 * `roundIntervalMs`, and at once when a call needs a top-up or many records wait) write the usage
 * records and the ledger transfers in one transaction; `close` settles everything and returns the
 * leases' remainders.
 *
 * @example
 * const meter = new Meter({ db }); meter.start();
 * const reservation = await meter.reserve({ enterpriseId, requestId, model, worstCase });
 * const cost = reservation.settle({ usage, latencyMs: 120 });
 * await meter.close();
 */
export class Meter implements ReservationHost {
  readonly #db: Database;
  readonly #clock: () => Date;
  readonly #settings: LeaseSettings;
  readonly #maxBufferedRecords: number;
  readonly #onRecord: ((record: UsageRecord) => void) | undefined;
  readonly #leases = new Map<string, EnterpriseLease>();
  readonly #opening = new Map<string, Promise<EnterpriseLease>>();
  #records: UsageRecord[] = [];
  /** A round whose commit failed without saying whether it happened: see `#resolveInDoubt`. */
  #inDoubt: RoundInDoubt | undefined;
  readonly #rounds: RoundScheduler;
  #closed = false;
  #expiredAt = 0;
  /** Leases whose voucher was spent: no new calls, ended once their calls are settled. */
  readonly #retiring = new Set<EnterpriseLease>();
  /** Providers whose model-service payable exists (created by an earlier round). */
  readonly #knownPayables = new Set<string>();

  constructor(options: MeterOptions) {
    this.#db = options.db;
    this.#clock = options.clock ?? (() => new Date());
    this.#settings = {
      sliceFen: options.leaseSliceFen ?? 1_000n,
      timeoutSeconds: options.leaseTimeoutSeconds ?? 60,
    };
    this.#maxBufferedRecords = options.maxBufferedRecords ?? 100_000;
    this.#onRecord = options.onRecord;
    this.#rounds = new RoundScheduler(
      () => this.#round(),
      options.roundIntervalMs ?? DEFAULT_ROUND_INTERVAL_MS,
    );
  }

  clock(): Date {
    return this.#clock();
  }

  /** Starts the settlement timer (unref'd: it never keeps the process alive). */
  start(): void {
    this.#rounds.start();
  }

  /**
   * Holds the worst case of a call. Resolves at once from an open lease that covers it; else opens
   * or tops up the lease (one settlement round, shared by every call waiting) and tries again.
   * Throws INSUFFICIENT_BALANCE when the wallet and the voucher together cannot cover it.
   */
  async reserve(input: ReserveInput): Promise<Reservation> {
    if (this.#closed) throw new DomainError('CONFLICT', 'the meter is closed');
    if (this.#records.length >= this.#maxBufferedRecords) {
      throw new DomainError('RATE_LIMITED', 'usage records are waiting to be written');
    }
    const { lease, hold } = await this.#hold(input);
    return new Reservation(this, input, lease, hold);
  }

  async rehold(
    _: Reservation,
    input: ReserveInput,
  ): Promise<{ lease: EnterpriseLease; hold: Hold }> {
    return this.#hold(input);
  }

  record(record: UsageRecord): void {
    this.#records.push(record);
    this.#onRecord?.(record);
    if (this.#records.length >= MAX_USAGE_RECORDS_PER_INSERT / 2) this.#rounds.soon();
  }

  /** Runs a settlement round now (and waits for it). */
  flush(): Promise<void> {
    return this.#rounds.now();
  }

  /**
   * Graceful stop: refuses new calls, waits up to `drainMs` for calls in flight to settle or
   * release, then settles everything and voids every lease's remainder in a last round.
   */
  async close(drainMs = 30_000): Promise<void> {
    this.#closed = true;
    const deadline = Date.now() + drainMs;
    while (this.#allLeases().some((l) => l.budget.openHolds > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const lease of this.#allLeases()) lease.closing = true;
    await this.#rounds.stop();
  }

  async #hold(input: ReserveInput): Promise<{ lease: EnterpriseLease; hold: Hold }> {
    const worst = worstCaseMicroFen(input.model.prices, input.worstCase);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      // Asked again each time: a round may have ended the lease (its voucher spent) meanwhile.
      const lease = await this.#leaseOf(input.enterpriseId);
      const rateBps = await rateFor({
        db: this.#db,
        lease,
        model: input.model,
        sliceFen: this.#settings.sliceFen,
        now: this.#clock(),
      });
      const now = this.#clock();
      if (lease.isFresh(now, this.#settings.timeoutSeconds)) {
        const result = lease.budget.hold(worst, rateBps);
        if ('hold' in result) {
          topUpWhenLow({
            lease,
            model: input.model,
            db: this.#db,
            sliceFen: this.#settings.sliceFen,
            clock: this.#clock,
            rounds: this.#rounds,
          });
          return { lease, hold: result.hold };
        }
        if (attempt === 2) break;
        lease.wanted = {
          voucherFen: lease.wanted.voucherFen + result.missing.voucherMicroFen,
          walletFen: lease.wanted.walletFen + result.missing.walletMicroFen,
        };
        if (result.missing.voucherMicroFen > 0n && lease.voucherLimitFen <= 0n) {
          await refreshVoucherLimit({
            db: this.#db,
            lease,
            model: input.model,
            wantedFen: result.missing.voucherMicroFen / 1_000_000n + 1n + this.#settings.sliceFen,
            now: this.#clock(),
          });
        }
      }
      if (this.#closed) break;
      await this.#rounds.now();
    }
    throw new DomainError(
      'INSUFFICIENT_BALANCE',
      'the wallet and the voucher cannot cover this call',
      {
        enterpriseId: input.enterpriseId,
        worstCaseMicroFen: worst.toString(),
      },
    );
  }

  /** The program's rate for this model (the policy engine, once per model and lease). */
  #leaseOf(enterpriseId: string): Promise<EnterpriseLease> {
    const lease = this.#leases.get(enterpriseId);
    if (lease) return Promise.resolve(lease);
    let opening = this.#opening.get(enterpriseId);
    if (!opening) {
      opening = openEnterpriseLease(this.#db, enterpriseId, this.#clock())
        .then((lease) => {
          this.#leases.set(enterpriseId, lease);
          return lease;
        })
        .finally(() => this.#opening.delete(enterpriseId));
      this.#opening.set(enterpriseId, opening);
    }
    return opening;
  }

  /**
   * One settlement round (see `settleRound`). When it fails, nothing is lost: its records and its
   * leases' requests are kept for the next. When it fails at the commit (its work all done), the
   * commit may have happened all the same: the round is then in doubt until the next one learns
   * which (`#resolveInDoubt`), so that nothing is written twice either.
   */
  async #round(): Promise<void> {
    if (this.#inDoubt) await this.#resolveInDoubt(this.#inDoubt);
    const now = this.#clock();
    await this.#expireOldLeases(now);
    // All of them: the snapshots below count every call billed so far, and the records of those
    // calls must commit with their money.
    const records = this.#records.splice(0);
    const snapshots = new Map<EnterpriseLease, LeaseSnapshot>();
    const limits = new Map<EnterpriseLease, bigint>();
    for (const lease of this.#allLeases()) {
      // A retired lease ends once its calls are settled (none can bill after its last round).
      if (this.#retiring.has(lease) && lease.budget.openHolds === 0) lease.closing = true;
      if (!lease.needsRenewal(now, this.#settings.timeoutSeconds)) continue;
      snapshots.set(lease, lease.snapshot());
      limits.set(lease, lease.voucherLimitFen);
    }
    if (records.length === 0 && snapshots.size === 0) return;
    let outcome: RoundOutcome | undefined;
    try {
      await this.#db.transaction(async (tx) => {
        outcome = await settleRound({
          tx,
          leases: snapshots,
          records,
          voucherLimits: limits,
          knownPayables: this.#knownPayables,
          settings: this.#settings,
          now,
        });
      });
    } catch (error) {
      if (outcome) this.#inDoubt = { outcome, records, snapshots, now };
      else this.#giveBack(records, snapshots);
      throw error;
    }
    assert(outcome !== undefined, 'meter: a committed round without its outcome');
    await this.#apply(outcome, now);
  }

  /** A round's effects in memory, once it committed. */
  async #apply(outcome: RoundOutcome, now: Date): Promise<void> {
    for (const providerId of outcome.payablesCreated) this.#knownPayables.add(providerId);
    for (const [lease, renewal] of outcome.renewals) {
      lease.applyRenewal(renewal, now, this.#settings.timeoutSeconds);
      lease.voucherLimitFen -= renewal.topUp.voucherFen;
      if (renewal.ends) this.#retiring.delete(lease);
    }
    await this.#endSpentVouchers(outcome.renewals, now);
  }

  /** A round that did not commit: its records and its leases' requests go to the next one. */
  #giveBack(records: UsageRecord[], snapshots: Map<EnterpriseLease, LeaseSnapshot>): void {
    this.#records = [...records, ...this.#records];
    for (const [lease, snapshot] of snapshots) lease.restore(snapshot);
  }

  /**
   * Asks the database whether the round in doubt committed (`pg_xact_status` of its transaction)
   * and finishes it either way: committed, its renewals apply as if it had said so; rolled back,
   * its records and requests go to the next round. Retrying it blindly instead would write its
   * records twice, and its renewals would clash with their own committed transfers (same ids,
   * other top-ups) in every round after. Still committing: it stays in doubt, and this throws.
   */
  async #resolveInDoubt(doubt: RoundInDoubt): Promise<void> {
    const [row] = await this.#db.query<{ status: string | null }>(
      'select pg_xact_status($1::xid8) as status',
      [doubt.outcome.transactionId],
    );
    if (row?.status !== 'committed' && row?.status !== 'aborted') {
      throw new DomainError(
        'CONFLICT',
        `settlement round ${doubt.outcome.transactionId}: ${row?.status ?? 'unknown'}, waiting`,
      );
    }
    this.#inDoubt = undefined;
    if (row.status === 'committed') await this.#apply(doubt.outcome, doubt.now);
    else this.#giveBack(doubt.records, doubt.snapshots);
  }

  /**
   * A lease whose round spent the last of its model voucher's share and holds none of it any
   * more: the grant is marked `exhausted` if nothing of it is left (`exhaustSpentGrant`), and the
   * lease retires: new calls open a lease on the next voucher — one voucher per lease, the
   * soonest-expiring first (`findLeaseGrant`) — and it ends once the calls it holds are settled.
   */
  async #endSpentVouchers(
    renewals: ReadonlyMap<EnterpriseLease, Renewal>,
    now: Date,
  ): Promise<void> {
    let ending = false;
    for (const [lease, renewal] of renewals) {
      const spent = renewal.voucher.postFen > 0n && renewal.voucher.pendingFen === 0n;
      if (!lease.grant || !spent || renewal.ends || lease.closing) continue;
      if (await exhaustSpentGrant(this.#db, lease.grant, now)) {
        if (this.#leases.get(lease.enterpriseId) === lease) this.#leases.delete(lease.enterpriseId);
        this.#retiring.add(lease);
        ending = true;
      }
    }
    if (ending) this.#rounds.soon();
  }

  #allLeases(): EnterpriseLease[] {
    return [...this.#leases.values(), ...this.#retiring];
  }

  /** Releases leases of crashed processes now and then (the ledger's expiry of pending transfers). */
  async #expireOldLeases(now: Date): Promise<void> {
    if (now.getTime() - this.#expiredAt < (this.#settings.timeoutSeconds * 1000) / 2) return;
    this.#expiredAt = now.getTime();
    await expirePendingTransfers({ db: this.#db, now });
  }
}

/** A round whose commit failed after all its work: it may have committed. */
interface RoundInDoubt {
  outcome: RoundOutcome;
  records: UsageRecord[];
  snapshots: Map<EnterpriseLease, LeaseSnapshot>;
  now: Date;
}
