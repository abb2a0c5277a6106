import type { Database, Sql } from '../../db/client.ts';
import { inTransaction } from '../../db/nested-transaction.ts';
import { programDefinitionToJson } from '../../contracts/program.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { readProgramFile } from './program-file.ts';
import { assertMayPublishProgram } from './program-owner.ts';

export interface PublishResult {
  /** `exists` when this exact text was published before (idempotent retry). */
  status: 'published' | 'exists';
  programId: string;
  version: number;
  checksum: string;
}

/**
 * Validates a program file and publishes it as a new immutable version. A malformed file
 * publishes nothing and throws PROGRAM_INVALID with every problem in `details.problems`; the same
 * id and version with different text throws PROGRAM_VERSION_IMMUTABLE; a version not above the
 * latest throws CONFLICT. Given a Database it opens its own transaction; given a transaction it
 * joins it. A new version writes `programVersion.publish` to the audit log in the same
 * transaction.
 *
 * @example
 * await publishProgramVersion({ sql: db, yamlText, publishedBy: operatorId, now: new Date() });
 */
export async function publishProgramVersion(options: {
  sql: Sql | Database;
  yamlText: string;
  publishedBy: string;
  now: Date;
  /** Who publishes, for the audit log; the system when absent (catalog seeding, CLI). */
  actor?: AuditActor;
  requestId?: string;
  /**
   * The publishing operator tenant (API callers): FORBIDDEN when the program belongs to
   * another operator tenant (see program-owner.ts). Absent for the system.
   */
  operatorTenantId?: string;
}): Promise<PublishResult> {
  const { sql } = options;
  return inTransaction(sql, (tx) => publishInTransaction(tx, options));
}

async function publishInTransaction(
  sql: Sql,
  options: {
    yamlText: string;
    publishedBy: string;
    now: Date;
    actor?: AuditActor;
    requestId?: string;
    operatorTenantId?: string;
  },
): Promise<PublishResult> {
  const file = readProgramFile({ yamlText: options.yamlText });
  const { definition, checksum } = file;
  const result = { programId: definition.id, version: definition.version, checksum };
  const first = await existingVersion(sql, definition.id, definition.version, checksum);
  if (first) return { status: first, ...result };
  const [latest] = await sql.query<{ latest_version: number }>(
    'select latest_version from programs where id = $1 for update',
    [definition.id],
  );
  // Under the program row's lock, so two operators cannot both publish into one program.
  if (options.operatorTenantId !== undefined) {
    await assertMayPublishProgram(sql, definition.id, options.operatorTenantId);
  }
  if (latest && latest.latest_version > definition.version) {
    throw new DomainError(
      'CONFLICT',
      `${definition.id}: version ${definition.version} is below the latest published version ${latest.latest_version}`,
      { field: 'version', latestVersion: latest.latest_version },
    );
  }
  await sql.query(
    `insert into programs (id, name_zh, name_en, region_code, latest_version, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $6)
     on conflict (id) do update set name_zh = excluded.name_zh, name_en = excluded.name_en,
       region_code = excluded.region_code, latest_version = excluded.latest_version,
       updated_at = excluded.updated_at`,
    [
      definition.id,
      definition.name['zh-CN'],
      definition.name.en,
      definition.regionCode,
      definition.version,
      options.now,
    ],
  );
  // A concurrent publish of the same version waits here for the other transaction; then
  // nothing is inserted and the committed row decides: the same text, or a conflict.
  const inserted = await sql.query(
    `insert into program_versions (program_id, version, effective_from, effective_to, fiscal_year,
       budget_fen, definition, yaml, checksum, published_at, published_by)
     values ($1, $2, $3::date, $4::date, $5, $6, $7::jsonb, $8, $9, $10, $11)
     on conflict do nothing returning version`,
    [
      definition.id,
      definition.version,
      definition.effectiveFrom,
      definition.effectiveTo ?? null,
      definition.fiscalYear,
      definition.budgetFen?.toString() ?? null,
      JSON.stringify(programDefinitionToJson(definition)),
      options.yamlText,
      checksum,
      options.now,
      options.publishedBy,
    ],
  );
  if (inserted.length === 0) {
    const raced = await existingVersion(sql, definition.id, definition.version, checksum);
    return { status: raced ?? 'exists', ...result };
  }
  await recordAudit({
    sql,
    actor: options.actor ?? { via: 'system' },
    action: 'programVersion.publish',
    entity: {
      type: 'program_version',
      id: `${definition.id}@${definition.version}`,
      tenantId: null,
    },
    after: { ...result, effectiveFrom: definition.effectiveFrom, publishedBy: options.publishedBy },
    requestId: options.requestId,
    now: options.now,
  });
  return { status: 'published', ...result };
}

/**
 * `exists` when this id and version are published with this exact text, undefined when not
 * published; throws PROGRAM_VERSION_IMMUTABLE when published with other content.
 */
async function existingVersion(
  sql: Sql,
  programId: string,
  version: number,
  checksum: string,
): Promise<'exists' | undefined> {
  const [existing] = await sql.query<{ checksum: string }>(
    'select checksum from program_versions where program_id = $1 and version = $2',
    [programId, version],
  );
  if (!existing) return undefined;
  if (existing.checksum === checksum) return 'exists';
  throw new DomainError(
    'PROGRAM_VERSION_IMMUTABLE',
    `${programId} version ${version} is published with different content; publish version ${version + 1}`,
    { field: 'version', programId, version },
  );
}
