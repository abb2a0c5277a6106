import type { Sql } from '../../db/client.ts';
import type { Enterprise } from '../../domain/parties/enterprise.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { ENTERPRISE_COLUMNS, isUuid, toEnterprise, type EnterpriseRow } from './rows.ts';

export interface GetEnterpriseOptions {
  sql: Sql;
  /** Who reads; checked against the permission table. */
  actor: Actor;
  /** The enterprise id (= its tenant id). */
  enterpriseId: string;
}

/**
 * One enterprise by id, if the actor may read it (`enterprise.read`: operator staff any, an
 * enterprise's users their own). NOT_FOUND when there is none (also for a malformed id) and
 * for another tenant's id, checked before reading so existence does not leak.
 */
export async function getEnterprise(options: GetEnterpriseOptions): Promise<Enterprise> {
  authorize(options.actor, 'enterprise.read', { tenantId: options.enterpriseId });
  return loadEnterprise(options.sql, options.enterpriseId);
}

/**
 * One enterprise by id, unchecked: for use-cases that have authorized their own action (the
 * voucher policy reads the applicant's profile). NOT_FOUND when there is none.
 */
export async function loadEnterprise(sql: Sql, enterpriseId: string): Promise<Enterprise> {
  const [row] = isUuid(enterpriseId)
    ? await sql.query<EnterpriseRow>(
        `select ${ENTERPRISE_COLUMNS} from enterprises where id = $1`,
        [enterpriseId],
      )
    : [];
  if (row === undefined) {
    throw new DomainError('NOT_FOUND', `no enterprise ${enterpriseId}`, { field: 'enterpriseId' });
  }
  return toEnterprise(row);
}

/** One enterprise by USCC (normalised by the caller), or null. */
export async function findEnterpriseByUscc(options: {
  sql: Sql;
  uscc: string;
}): Promise<Enterprise | null> {
  const [row] = await options.sql.query<EnterpriseRow>(
    `select ${ENTERPRISE_COLUMNS} from enterprises where uscc = $1`,
    [options.uscc],
  );
  return row ? toEnterprise(row) : null;
}
