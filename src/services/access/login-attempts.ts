import { v7 as uuidv7 } from 'uuid';
import type { ThrottleCeiling } from '../../domain/access/login-throttle.ts';
import type { Sql } from '../../db/client.ts';

/** Why a sign-in failed (the caller only ever hears "wrong email or password"). */
export type LoginFailureReason = 'unknown_email' | 'wrong_password' | 'user_disabled';

/** A failed sign-in as the auditor sees it. */
export interface LoginAttempt {
  id: string;
  attemptedAt: Date;
  email: string;
  userId: string | null;
  tenantId: string | null;
  clientAddress: string;
  reason: LoginFailureReason;
  /** The wait this failure imposed on the next try of its email from its address (0: none). */
  throttleSeconds: number;
  /** The ceiling this failure filled: the account's (every address) or the address's. */
  ceiling: ThrottleCeiling | null;
  requestId: string | null;
}

/**
 * Records a failed sign-in (no password material) and the throttling it started. Written
 * outside any transaction, so it stays although the login fails. Attempts the throttle refused
 * never reach the password check and are not written: one address adds a bounded number of
 * rows however fast it knocks.
 */
export async function recordFailedLogin(options: {
  sql: Sql;
  email: string;
  user: { id: string; tenantId: string } | null;
  clientAddress: string;
  reason: LoginFailureReason;
  throttleSeconds?: number | undefined;
  ceiling?: ThrottleCeiling | null | undefined;
  requestId: string | null;
  now: Date;
}): Promise<void> {
  await options.sql.query(
    `insert into login_attempts (id, attempted_at, email, user_id, tenant_id, client_address,
       reason, throttle_seconds, ceiling, request_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      uuidv7(),
      options.now,
      options.email.slice(0, 320),
      options.user?.id ?? null,
      options.user?.tenantId ?? null,
      options.clientAddress.slice(0, 100),
      options.reason,
      options.throttleSeconds ?? 0,
      options.ceiling ?? null,
      options.requestId,
    ],
  );
}

/**
 * Failed sign-ins, newest first: of users of `tenantId`, or all (null; unknown emails too).
 * At most `limit` (≤ 200) per page; `beforeId` continues after the last row of a page.
 *
 * @example
 * const { items } = await listLoginAttempts({ sql: db, tenantId: null, limit: 50 });
 */
export async function listLoginAttempts(options: {
  sql: Sql;
  tenantId: string | null;
  email?: string | undefined;
  beforeId?: string | undefined;
  limit: number;
}): Promise<{ items: LoginAttempt[]; nextBeforeId: string | null }> {
  const limit = Math.max(1, Math.min(options.limit, 200));
  const rows = await options.sql.query<{
    id: string;
    attempted_at: Date;
    email: string;
    user_id: string | null;
    tenant_id: string | null;
    client_address: string;
    reason: LoginFailureReason;
    throttle_seconds: number;
    ceiling: ThrottleCeiling | null;
    request_id: string | null;
  }>(
    `select id, attempted_at, email, user_id, tenant_id, client_address, reason,
            throttle_seconds, ceiling, request_id
       from login_attempts
      where ($1::uuid is null or tenant_id = $1)
        and ($2::text is null or email = $2)
        and ($3::uuid is null or id < $3)
      order by id desc limit $4`,
    [options.tenantId, options.email?.toLowerCase() ?? null, options.beforeId ?? null, limit + 1],
  );
  const items = rows.slice(0, limit).map((row) => ({
    id: row.id,
    attemptedAt: new Date(row.attempted_at),
    email: row.email,
    userId: row.user_id,
    tenantId: row.tenant_id,
    clientAddress: row.client_address,
    reason: row.reason,
    throttleSeconds: row.throttle_seconds,
    ceiling: row.ceiling,
    requestId: row.request_id,
  }));
  return { items, nextBeforeId: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
