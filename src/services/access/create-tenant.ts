import { v7 as uuidv7 } from 'uuid';
import type { TenantKind } from '../../domain/access/roles.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Sql } from '../../db/client.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';

export interface Tenant {
  id: string;
  kind: TenantKind;
  name: string;
}

export interface CreateTenantOptions {
  sql: Sql;
  kind: TenantKind;
  name: string;
  /** Enterprises and providers use their own id as the tenant id. */
  id?: string | undefined;
  actor?: AuditActor | undefined;
  requestId?: string | null | undefined;
  now: Date;
}

/**
 * Creates a tenant row and its audit event. Idempotent on `id`: an existing tenant with the
 * same kind and name is returned as is; a different one is a CONFLICT.
 */
export async function createTenant(options: CreateTenantOptions): Promise<Tenant> {
  const name = options.name.trim();
  if (name.length < 1 || name.length > 200) {
    throw new DomainError('VALIDATION_FAILED', 'name: 1 to 200 characters', { field: 'name' });
  }
  const id = options.id ?? uuidv7();
  const inserted = await options.sql.query<{ id: string }>(
    `insert into tenants (id, kind, name, created_at) values ($1, $2, $3, $4)
     on conflict (id) do nothing returning id`,
    [id, options.kind, name, options.now],
  );
  const tenant: Tenant = { id, kind: options.kind, name };
  if (inserted.length === 0) {
    const [existing] = await options.sql.query<Tenant>(
      'select id, kind, name from tenants where id = $1',
      [id],
    );
    if (existing?.kind !== options.kind || existing.name !== name) {
      throw new DomainError('CONFLICT', `tenant ${id} exists with another kind or name`, {
        field: 'id',
      });
    }
    return tenant;
  }
  await recordAudit({
    sql: options.sql,
    actor: options.actor ?? { via: 'system' },
    action: 'tenant.create',
    entity: { type: 'tenant', id, tenantId: id },
    after: tenant,
    requestId: options.requestId,
    now: options.now,
  });
  return tenant;
}
