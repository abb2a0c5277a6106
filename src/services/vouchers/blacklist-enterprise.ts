import { v7 as uuidv7 } from 'uuid';
import type { Sql } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorizeProgram } from './voucher-access.ts';

export interface BlacklistEntry {
  id: string;
  enterpriseId: string;
  programId: string | null;
  reason: string;
  untilAt: Date | null;
  createdAt: Date;
}

/**
 * Bars an enterprise from one program (`programId`) or from all (null) until `untilAt` (null:
 * indefinitely). Blacklisted enterprises cannot submit applications or claims (BLACKLISTED).
 * Idempotent per enterprise and scope: a second call returns the existing entry.
 */
export async function blacklistEnterprise(options: {
  sql: Sql;
  enterpriseId: string;
  programId: string | null;
  reason: string;
  untilAt?: Date | null;
  actor: Actor;
  now: Date;
}): Promise<BlacklistEntry> {
  await authorizeProgram(options.sql, options.actor, 'enterprise.blacklist', options.programId);
  const reason = options.reason.trim();
  if (reason.length === 0 || reason.length > 2000) {
    throw new DomainError('VALIDATION_FAILED', 'reason: 1–2000 characters', { field: 'reason' });
  }
  const [tenant] = await options.sql.query(
    `select 1 from tenants where id = $1 and kind = 'enterprise'`,
    [options.enterpriseId],
  );
  if (!tenant)
    throw new DomainError('NOT_FOUND', 'enterprise not found', { field: 'enterpriseId' });
  const created = await options.sql.query<{ id: string }>(
    `insert into voucher_blacklist (id, enterprise_id, program_id, reason, until_at, created_by, created_at)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (enterprise_id, coalesce(program_id, '')) do nothing
     returning id`,
    [
      uuidv7(),
      options.enterpriseId,
      options.programId,
      reason,
      options.untilAt ?? null,
      options.actor.userId,
      options.now,
    ],
  );
  const [row] = await options.sql.query<{
    id: string;
    enterprise_id: string;
    program_id: string | null;
    reason: string;
    until_at: Date | null;
    created_at: Date;
  }>(
    `select id, enterprise_id, program_id, reason, until_at, created_at from voucher_blacklist
      where enterprise_id = $1 and coalesce(program_id, '') = coalesce($2, '')`,
    [options.enterpriseId, options.programId],
  );
  if (!row) throw new DomainError('NOT_FOUND', 'enterprise not found', { field: 'enterpriseId' });
  if (created.length > 0) {
    await recordAudit({
      sql: options.sql,
      actor: {
        userId: options.actor.userId,
        tenantId: options.actor.tenantId,
        via: options.actor.via,
      },
      action: 'enterprise.blacklist',
      entity: { type: 'enterprise', id: options.enterpriseId, tenantId: options.enterpriseId },
      after: { programId: options.programId, reason, untilAt: options.untilAt ?? null },
      requestId: options.actor.requestId,
      now: options.now,
    });
  }
  return {
    id: row.id,
    enterpriseId: row.enterprise_id,
    programId: row.program_id,
    reason: row.reason,
    untilAt: row.until_at,
    createdAt: row.created_at,
  };
}
