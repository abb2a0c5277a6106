import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Database } from '../../db/client.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { User, UserRow } from './auth-context.ts';
import { USER_COLUMNS, toUser } from './auth-context.ts';
import { recordFailedLogin } from './login-attempts.ts';
import { reserveLoginAttempt, settleSuccessfulLogin } from './login-throttle.ts';
import { DUMMY_PASSWORD_HASH, randomSecret, sha256Hex, verifyPassword } from './secrets.ts';

export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export interface CreateSessionOptions {
  db: Database;
  email: string;
  password: string;
  requestId?: string | null | undefined;
  /** The caller's network address: throttling counts by it, a failed attempt records it. */
  clientAddress?: string | undefined;
  now: Date;
  ttlSeconds?: number | undefined;
}

export interface CreatedSession {
  /** The cookie value (`suanli_session`): shown here once, stored only as its sha256. */
  sessionToken: string;
  /** The CSRF token (`suanli_csrf` cookie, echoed in `x-csrf-token`). */
  csrfToken: string;
  sessionId: string;
  expiresAt: Date;
  user: User;
}

/**
 * Logs a user in: counts the attempt against the sign-in throttle (LOGIN_THROTTLED while this
 * email from this address, this email, or this address is held back; see `reserveLoginAttempt`),
 * checks the password (scrypt, constant time, same cost for unknown emails), stores a hashed
 * session with an expiry and records `session.login` in the audit log.
 * A wrong email or password, or a disabled user, is UNAUTHENTICATED without saying which;
 * the attempt, its reason and the throttling it started go to `login_attempts` for the auditor.
 */
export async function createSession(options: CreateSessionOptions): Promise<CreatedSession> {
  const email = options.email.trim().toLowerCase();
  const clientAddress = options.clientAddress ?? 'unknown';
  const attempt = await reserveLoginAttempt({
    db: options.db,
    email,
    clientAddress,
    now: options.now,
  });
  const [row] = await options.db.query<UserRow & { password_hash: string }>(
    `select ${USER_COLUMNS}, u.password_hash from users u join tenants t on t.id = u.tenant_id
      where u.email = $1`,
    [email],
  );
  const passwordOk = await verifyPassword(
    options.password,
    row?.password_hash ?? DUMMY_PASSWORD_HASH,
  );
  if (!row || !passwordOk || row.disabled_at !== null) {
    await recordFailedLogin({
      sql: options.db,
      email,
      user: row ? { id: row.id, tenantId: row.tenant_id } : null,
      clientAddress,
      reason: !row ? 'unknown_email' : !passwordOk ? 'wrong_password' : 'user_disabled',
      throttleSeconds: attempt.throttleSeconds,
      ceiling: attempt.ceiling,
      requestId: options.requestId ?? null,
      now: options.now,
    });
    throw new DomainError('UNAUTHENTICATED', 'wrong email or password');
  }
  const user = toUser(row);
  const sessionToken = randomSecret(32);
  const csrfToken = randomSecret(32);
  const sessionId = uuidv7();
  const expiresAt = new Date(
    options.now.getTime() + (options.ttlSeconds ?? SESSION_TTL_SECONDS) * 1000,
  );
  await options.db.transaction(async (tx) => {
    await settleSuccessfulLogin({ sql: tx, attempt, now: options.now });
    // The user's ended sessions are of no further use (the audit log keeps logins and logouts).
    await tx.query(
      'delete from sessions where user_id = $1 and (expires_at <= $2 or revoked_at is not null)',
      [user.id, options.now],
    );
    await tx.query(
      `insert into sessions (id, token_hash, csrf_hash, user_id, tenant_id, created_at, expires_at)
       values ($1, decode($2, 'hex'), decode($3, 'hex'), $4, $5, $6, $7)`,
      [
        sessionId,
        sha256Hex(sessionToken),
        sha256Hex(csrfToken),
        user.id,
        user.tenantId,
        options.now,
        expiresAt,
      ],
    );
    await recordAudit({
      sql: tx,
      actor: { userId: user.id, tenantId: user.tenantId, via: 'session' },
      action: 'session.login',
      entity: { type: 'session', id: sessionId, tenantId: user.tenantId },
      after: { sessionId, userId: user.id, expiresAt },
      requestId: options.requestId,
      now: options.now,
    });
  });
  return { sessionToken, csrfToken, sessionId, expiresAt, user };
}
