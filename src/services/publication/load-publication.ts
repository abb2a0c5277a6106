import type { Sql } from '../../db/client.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { operatorProgramsSql } from '../programs/program-owner.ts';
import {
  PUBLICATION_COLUMNS,
  toPublication,
  type Publication,
  type PublicationRow,
} from './rows.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks an id from a URL before it reaches SQL (a bad uuid cast would be a 500). */
export function assertUuid(id: string, field: string): void {
  if (!UUID.test(id)) {
    throw new DomainError('VALIDATION_FAILED', `${field}: must be a lower-case UUID`, { field });
  }
}

function lockClause(lock: boolean | 'share' | undefined): string {
  if (lock === 'share') return 'for share';
  return lock === true ? 'for update' : '';
}

/**
 * One publication, optionally locked `for update` (state changes), or NOT_FOUND.
 * `operatorTenantId` limits operator staff to publications of their own operator tenant's
 * programs (`voucher_programs.operator_tenant_id`, as on the voucher routes) — not to the tenant
 * that drafted it: the program's owner is the one rule. `publicOnly` hides drafts.
 */
export async function loadPublication(options: {
  sql: Sql;
  publicationId: string;
  /** The operator tenant whose programs the caller is limited to; null only for system jobs. */
  operatorTenantId?: string | null | undefined;
  publicOnly?: boolean;
  /** `true`/'update' to change it; 'share' to keep it from changing until the caller commits. */
  lock?: boolean | 'share';
}): Promise<Publication> {
  const { sql, publicationId } = options;
  assertUuid(publicationId, 'publicationId');
  const rows = await sql.query<PublicationRow>(
    `select ${PUBLICATION_COLUMNS} from publications
      where id = $1 and ${operatorProgramsSql('program_id', '$2')} and (not $3 or state <> 'draft')
      ${lockClause(options.lock)}`,
    [publicationId, options.operatorTenantId ?? null, options.publicOnly === true],
  );
  const row = rows[0];
  if (!row) throw new DomainError('NOT_FOUND', 'no such publication', { field: 'publicationId' });
  return toPublication(row);
}
