import type { Sql } from '../../db/client.ts';
import type { Enterprise } from '../../domain/parties/enterprise.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { ENTERPRISE_COLUMNS, isUuid, toEnterprise, type EnterpriseRow } from './rows.ts';

export interface GetEnterpriseOptions {
  sql: Sql;
  /** The enterprise id (= its tenant id). */
  enterpriseId: string;
}

/**
 * One enterprise by id; NOT_FOUND when there is none (also for a malformed id). Tenant scoping
 * is the caller's: routes let an enterprise read only its own id.
 */
export async function getEnterprise(options: GetEnterpriseOptions): Promise<Enterprise> {
  const { enterpriseId } = options;
  const [row] = isUuid(enterpriseId)
    ? await options.sql.query<EnterpriseRow>(
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
