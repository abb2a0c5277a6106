import {
  LOGIN_THROTTLE,
  clientKeyOf,
  decideAttempt,
  type ThrottleCeiling,
  type ThrottleCounter,
  type ThrottleScope,
} from '../../domain/access/login-throttle.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Database, Sql } from '../../db/client.ts';

/** An attempt that may check its password; it counts as failed until `settleSuccessfulLogin`. */
export interface ReservedLoginAttempt {
  email: string;
  clientKey: string;
  /** The wait this attempt imposes on its email from its address, should it fail. */
  throttleSeconds: number;
  /** The ceiling this attempt fills, should it fail. */
  ceiling: ThrottleCeiling | null;
}

/** Stands for "every email" or "every address" in a counter's key. */
const EVERY = '*';

interface CounterRow {
  email: string;
  client_key: string;
  failures: number;
  window_started_at: Date;
  last_failure_at: Date;
  blocked_until: Date;
}

/**
 * Counts a sign-in attempt against its three counters — this email from this address, this
 * email from anywhere, anything from this address — before the password is checked, or
 * refuses it: LOGIN_THROTTLED with `details.retryAfterSeconds` (the same for an email no user
 * has, so throttling tells nothing about who exists). Commits on its own, so the count stays
 * whatever the password check says.
 *
 * @example
 * const attempt = await reserveLoginAttempt({ db, email, clientAddress: '198.51.100.7', now });
 */
export async function reserveLoginAttempt(options: {
  db: Database;
  email: string;
  clientAddress: string;
  now: Date;
}): Promise<ReservedLoginAttempt> {
  const { db, email, now } = options;
  const clientKey = clientKeyOf(options.clientAddress).slice(0, 100);
  const keys: Record<ThrottleScope, [string, string]> = {
    pair: [email, clientKey],
    account: [email, EVERY],
    address: [EVERY, clientKey],
  };
  await pruneDeadCounters(db, now);
  return db.transaction(async (tx) => {
    // Rows first, then lock them in key order: two attempts sharing a counter queue on it.
    await tx.query(
      `insert into login_throttles
         (email, client_key, failures, window_started_at, last_failure_at, blocked_until)
       values ($1, $2, 0, $3, $3, $3), ($1, '*', 0, $3, $3, $3), ('*', $2, 0, $3, $3, $3)
       on conflict (email, client_key) do nothing`,
      [email, clientKey, now],
    );
    const rows = await tx.query<CounterRow>(
      `select email, client_key, failures, window_started_at, last_failure_at, blocked_until
         from login_throttles
        where (email, client_key) in (($1, $2), ($1, '*'), ('*', $2))
        order by email, client_key for update`,
      [email, clientKey],
    );
    const known = await tx.query(
      `select 1 from login_known_clients
        where email = $1 and client_key = $2 and last_success_at > $3`,
      [email, clientKey, new Date(now.getTime() - LOGIN_THROTTLE.knownClientSeconds * 1000)],
    );
    const counters: Partial<Record<ThrottleScope, ThrottleCounter>> = {};
    for (const scope of ['pair', 'account', 'address'] as const) {
      const [rowEmail, rowClient] = keys[scope];
      const row = rows.find((r) => r.email === rowEmail && r.client_key === rowClient);
      if (row) counters[scope] = toCounter(row);
    }
    const decision = decideAttempt({ counters, knownClient: known.length > 0, now });
    if (!decision.allowed) {
      throw new DomainError(
        'LOGIN_THROTTLED',
        `too many failed sign-ins; retry in ${decision.retryAfterSeconds} s`,
        { retryAfterSeconds: decision.retryAfterSeconds },
      );
    }
    for (const scope of ['pair', 'account', 'address'] as const) {
      const counter = decision.next[scope];
      await tx.query(
        `update login_throttles
            set failures = $3, window_started_at = $4, last_failure_at = $5, blocked_until = $6
          where email = $1 and client_key = $2`,
        [
          ...keys[scope],
          counter.failures,
          counter.windowStartedAt,
          counter.lastFailureAt,
          counter.blockedUntil,
        ],
      );
    }
    return {
      email,
      clientKey,
      throttleSeconds: decision.pairDelaySeconds,
      ceiling: decision.ceiling,
    };
  });
}

/**
 * A reserved attempt signed in: its pair starts afresh, the account and address counters take
 * the attempt back, and the address becomes a known client of the account for 30 days.
 * Runs in the caller's transaction (the one that creates the session).
 */
export async function settleSuccessfulLogin(options: {
  sql: Sql;
  attempt: ReservedLoginAttempt;
  now: Date;
}): Promise<void> {
  const { sql, attempt, now } = options;
  await sql.query('delete from login_throttles where email = $1 and client_key = $2', [
    attempt.email,
    attempt.clientKey,
  ]);
  await sql.query(
    `update login_throttles set failures = greatest(failures - 1, 0)
      where (email, client_key) in (($1, '*'), ('*', $2))`,
    [attempt.email, attempt.clientKey],
  );
  await sql.query(
    `insert into login_known_clients (email, client_key, last_success_at) values ($1, $2, $3)
     on conflict (email, client_key) do update set last_success_at = excluded.last_success_at`,
    [attempt.email, attempt.clientKey, now],
  );
  await sql.query('delete from login_known_clients where email = $1 and last_success_at <= $2', [
    attempt.email,
    new Date(now.getTime() - LOGIN_THROTTLE.knownClientSeconds * 1000),
  ]);
}

/**
 * Every counter is dead a day after its last failure (the longest window and the pair's
 * memory are a day). A bounded batch per attempt keeps the table from growing with the
 * emails an attacker makes up, without a job of its own.
 */
async function pruneDeadCounters(db: Database, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - LOGIN_THROTTLE.pairForgetSeconds * 1000);
  await db.query(
    `delete from login_throttles where (email, client_key) in (
       select email, client_key from login_throttles
        where last_failure_at < $1 and blocked_until < $2 limit 20)`,
    [cutoff, now],
  );
}

function toCounter(row: CounterRow): ThrottleCounter {
  return {
    failures: row.failures,
    windowStartedAt: new Date(row.window_started_at),
    lastFailureAt: new Date(row.last_failure_at),
    blockedUntil: new Date(row.blocked_until),
  };
}
