import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { inTransaction } from '../../db/nested-transaction.ts';
import {
  checkProviderInput,
  type Provider,
  type ProviderFields,
  type ProviderInput,
} from '../../domain/parties/provider.ts';
import { assert } from '../../domain/shared/assert.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { createTenant } from '../access/create-tenant.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import {
  contactKeys,
  PROVIDER_COLUMNS,
  toProvider,
  validationError,
  type ProviderRow,
} from './rows.ts';

export interface RegisterProviderOptions {
  sql: Sql | Database;
  input: ProviderInput;
  /** The provider's id (= tenant id); a new UUIDv7 when absent. */
  id?: string | undefined;
  /** Who acts; checked against the permission table (`systemActor` for seeders). */
  actor: Actor;
  requestId?: string | null | undefined;
  now: Date;
}

export interface RegisteredProvider {
  provider: Provider;
  /** False when an identical provider with this USCC existed (idempotent retry). */
  created: boolean;
}

const COMPARED: readonly (keyof ProviderFields)[] = [
  'name',
  'regionCode',
  'kinds',
  'acceleratorOrigins',
  'legalRepresentative',
  'phone',
  'address',
];

/**
 * Registers a provider (compute centre or model-service company) and its tenant in one
 * transaction, with an audit event. Idempotent on the USCC like `registerEnterprise`.
 *
 * @example
 * const { provider } = await registerProvider({ sql: db, actor, now: new Date(), input: {
 *   uscc: makeUscc('91510100MA6XXXXX2'), name: '成都智算中心', kinds: ['compute'],
 *   acceleratorOrigins: ['domestic'] } });
 */
export async function registerProvider(
  options: RegisterProviderOptions,
): Promise<RegisteredProvider> {
  authorize(options.actor, 'provider.register');
  const checked = checkProviderInput({ ...options.input });
  if (!checked.ok) throw validationError(checked.problems);
  const fields = checked.value;
  return inTransaction(options.sql, async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('provider:' || $1))`, [fields.uscc]);
    const [existing] = await tx.query<ProviderRow>(
      `select ${PROVIDER_COLUMNS} from providers where uscc = $1`,
      [fields.uscc],
    );
    if (existing) {
      const provider = toProvider(existing);
      const differing = COMPARED.filter(
        (key) => JSON.stringify(provider[key]) !== JSON.stringify(fields[key]),
      );
      if (differing.length > 0) {
        throw new DomainError(
          'CONFLICT',
          `a provider with uscc ${fields.uscc} exists with other ${differing.join(', ')}`,
          { field: 'uscc', providerId: provider.id, differing },
        );
      }
      return { provider, created: false };
    }
    const id = options.id ?? uuidv7();
    await createTenant({
      sql: tx,
      kind: 'provider',
      name: fields.name,
      id,
      actor: options.actor,
      requestId: options.requestId,
      now: options.now,
    });
    const keys = contactKeys(fields);
    const [row] = await tx.query<ProviderRow>(
      `insert into providers (id, uscc, name, region_code, kinds, accelerator_origins,
         legal_representative, legal_representative_normalized, phone, phone_normalized, address,
         address_normalized, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $13, $8, $9, $10, $11, $12)
       returning ${PROVIDER_COLUMNS}`,
      [
        id,
        fields.uscc,
        fields.name,
        fields.regionCode,
        fields.kinds,
        fields.acceleratorOrigins,
        fields.legalRepresentative,
        fields.phone,
        keys.phoneNormalized,
        fields.address,
        keys.addressNormalized,
        options.now,
        keys.legalRepresentativeNormalized,
      ],
    );
    assert(row !== undefined, 'insert into providers returns the row');
    const provider = toProvider(row);
    await recordAudit({
      sql: tx,
      actor: options.actor,
      action: 'provider.register',
      entity: { type: 'provider', id, tenantId: id },
      after: provider,
      requestId: options.requestId,
      now: options.now,
    });
    return { provider, created: true };
  });
}
