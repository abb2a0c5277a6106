import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { inTransaction } from '../../db/nested-transaction.ts';
import {
  checkEnterpriseInput,
  differingEnterpriseFields,
  type Enterprise,
  type EnterpriseFields,
  type EnterpriseInput,
} from '../../domain/parties/enterprise.ts';
import { assert } from '../../domain/shared/assert.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { createTenant } from '../access/create-tenant.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import {
  contactKeys,
  ENTERPRISE_COLUMNS,
  toEnterprise,
  validationError,
  type EnterpriseRow,
} from './rows.ts';

export interface RegisterEnterpriseOptions {
  /** The database (a transaction is opened) or the caller's transaction. */
  sql: Sql | Database;
  input: EnterpriseInput;
  /** The enterprise's id (= tenant id); a new UUIDv7 when absent. */
  id?: string | undefined;
  /** Who acts; checked against the permission table (`systemActor` for seeders). */
  actor: Actor;
  requestId?: string | null | undefined;
  now: Date;
}

export interface RegisteredEnterprise {
  enterprise: Enterprise;
  /** False when an identical enterprise with this USCC existed (idempotent retry). */
  created: boolean;
}

/**
 * Registers an enterprise and its tenant in one transaction, with an audit event. Idempotent on
 * the USCC: an identical enterprise is returned with `created: false`; one with the same USCC
 * and other fields is a CONFLICT naming the fields. Bad input → VALIDATION_FAILED listing every
 * problem, nothing written.
 *
 * @example
 * const { enterprise } = await registerEnterprise({ sql: db, actor, now: new Date(), input: {
 *   uscc: makeUscc('91330106MA2XXXXX1'), name: '杭州示例科技有限公司', size: 'small',
 *   foundedOn: '2021-05-01', industries: ['I65'] } });
 */
export async function registerEnterprise(
  options: RegisterEnterpriseOptions,
): Promise<RegisteredEnterprise> {
  authorize(options.actor, 'enterprise.register');
  const checked = checkEnterpriseInput({ ...options.input }, shanghaiDayOf(options.now));
  if (!checked.ok) throw validationError(checked.problems);
  const fields = checked.value;
  return inTransaction(options.sql, async (tx) => {
    const existing = await findByUscc(tx, fields.uscc);
    if (existing) return { enterprise: sameOrConflict(existing, fields), created: false };
    const enterprise = await insertEnterprise(tx, fields, options.id ?? uuidv7(), options);
    await recordAudit({
      sql: tx,
      actor: options.actor,
      action: 'enterprise.register',
      entity: { type: 'enterprise', id: enterprise.id, tenantId: enterprise.id },
      after: enterprise,
      requestId: options.requestId,
      now: options.now,
    });
    return { enterprise, created: true };
  });
}

/** Locks the USCC for this transaction (two registrations of one code queue) and reads it. */
async function findByUscc(tx: Sql, uscc: string): Promise<Enterprise | null> {
  await tx.query(`select pg_advisory_xact_lock(hashtext('enterprise:' || $1))`, [uscc]);
  const [row] = await tx.query<EnterpriseRow>(
    `select ${ENTERPRISE_COLUMNS} from enterprises where uscc = $1`,
    [uscc],
  );
  return row ? toEnterprise(row) : null;
}

export function sameOrConflict(existing: Enterprise, fields: EnterpriseFields): Enterprise {
  const differing = differingEnterpriseFields(existing, fields);
  if (differing.length > 0) {
    throw new DomainError(
      'CONFLICT',
      `an enterprise with uscc ${fields.uscc} exists with other ${differing.join(', ')}`,
      { field: 'uscc', enterpriseId: existing.id, differing },
    );
  }
  return existing;
}

/** Inserts the tenant and the enterprise row (no audit of the enterprise: the caller does it). */
export async function insertEnterprise(
  tx: Sql,
  fields: EnterpriseFields,
  id: string,
  context: Pick<RegisterEnterpriseOptions, 'actor' | 'requestId' | 'now'>,
): Promise<Enterprise> {
  await createTenant({
    sql: tx,
    kind: 'enterprise',
    name: fields.name,
    id,
    actor: context.actor,
    requestId: context.requestId,
    now: context.now,
  });
  const keys = contactKeys(fields);
  const [row] = await tx.query<EnterpriseRow>(
    `insert into enterprises (id, uscc, name, region_code, size, founded_on, industries,
       credit_record, legal_representative, legal_representative_normalized, phone,
       phone_normalized, address, address_normalized, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $15, $10, $11, $12, $13, $14, $14)
     returning ${ENTERPRISE_COLUMNS}`,
    [
      id,
      fields.uscc,
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
      context.now,
      keys.legalRepresentativeNormalized,
    ],
  );
  assert(row !== undefined, 'insert into enterprises returns the row');
  return toEnterprise(row);
}
