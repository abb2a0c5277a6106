import type { Database, Sql } from '../../db/client.ts';
import { inTransaction } from '../../db/nested-transaction.ts';
import {
  applyEnterprisePatch,
  differingEnterpriseFields,
  type Enterprise,
  type EnterprisePatch,
} from '../../domain/parties/enterprise.ts';
import { assert } from '../../domain/shared/assert.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import {
  contactKeys,
  ENTERPRISE_COLUMNS,
  isUuid,
  toEnterprise,
  validationError,
  type EnterpriseRow,
} from './rows.ts';

export interface UpdateEnterpriseOptions {
  sql: Sql | Database;
  enterpriseId: string;
  /** Fields to change; absent fields keep their value, `null` clears an optional one. */
  patch: EnterprisePatch;
  /** Who acts; checked against the permission table (`systemActor` for seeders). */
  actor: Actor;
  requestId?: string | null | undefined;
  now: Date;
}

/**
 * Changes an enterprise's fields (never its USCC or id) and records before/after in the audit
 * log. The row is locked while the patch is checked against it; a patch that changes nothing
 * writes nothing. Unknown id → NOT_FOUND; bad fields → VALIDATION_FAILED.
 *
 * @example
 * await updateEnterprise({ sql: db, actor, enterpriseId, patch: { size: 'medium' },
 *   now: new Date() });
 */
export async function updateEnterprise(options: UpdateEnterpriseOptions): Promise<Enterprise> {
  const { enterpriseId, now } = options;
  authorize(options.actor, 'enterprise.update', { tenantId: enterpriseId });
  if (!isUuid(enterpriseId)) throw notFound(enterpriseId);
  return inTransaction(options.sql, async (tx) => {
    const [row] = await tx.query<EnterpriseRow>(
      `select ${ENTERPRISE_COLUMNS} from enterprises where id = $1 for update`,
      [enterpriseId],
    );
    if (row === undefined) throw notFound(enterpriseId);
    const before = toEnterprise(row);
    const checked = applyEnterprisePatch(before, options.patch, shanghaiDayOf(now));
    if (!checked.ok) throw validationError(checked.problems);
    const fields = checked.value;
    if (differingEnterpriseFields(before, fields).length === 0) return before;
    const keys = contactKeys(fields);
    const [updated] = await tx.query<EnterpriseRow>(
      `update enterprises set name = $2, region_code = $3, size = $4, founded_on = $5,
         industries = $6, credit_record = $7, legal_representative = $8, phone = $9,
         phone_normalized = $10, address = $11, address_normalized = $12, updated_at = $13,
         legal_representative_normalized = $14
       where id = $1 returning ${ENTERPRISE_COLUMNS}`,
      [
        enterpriseId,
        fields.name,
        fields.regionCode,
        fields.size,
        fields.foundedOn,
        fields.industries,
        fields.creditRecord,
        fields.legalRepresentative,
        fields.phone,
        keys.phoneNormalized,
        fields.address,
        keys.addressNormalized,
        now,
        keys.legalRepresentativeNormalized,
      ],
    );
    assert(updated !== undefined, 'the locked enterprise row is updated');
    // The tenant carries the enterprise's name too (user lists, audit views): keep them equal.
    if (fields.name !== before.name) {
      await tx.query('update tenants set name = $2 where id = $1', [enterpriseId, fields.name]);
    }
    const after = toEnterprise(updated);
    await recordAudit({
      sql: tx,
      actor: options.actor,
      action: 'enterprise.update',
      entity: { type: 'enterprise', id: enterpriseId, tenantId: enterpriseId },
      before,
      after,
      requestId: options.requestId,
      now,
    });
    return after;
  });
}

function notFound(id: string): DomainError {
  return new DomainError('NOT_FOUND', `no enterprise ${id}`, { field: 'enterpriseId' });
}
