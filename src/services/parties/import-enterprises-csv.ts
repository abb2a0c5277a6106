import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/client.ts';
import { inTransaction } from '../../db/nested-transaction.ts';
import { differingEnterpriseFields, type Enterprise } from '../../domain/parties/enterprise.ts';
import {
  readEnterpriseCsv,
  type CsvProblem,
  type EnterpriseCsvRow,
} from '../../domain/parties/enterprise-csv.ts';
import { shanghaiDayOf } from '../../domain/shared/calendar.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Actor } from '../authz/actor.ts';
import { authorize } from '../authz/authorize.ts';
import { contactKeys, ENTERPRISE_COLUMNS, toEnterprise, type EnterpriseRow } from './rows.ts';

export interface ImportEnterprisesCsvOptions {
  sql: Sql | Database;
  /** The file as text (UTF-8 decoded; a leading BOM is fine). */
  csvText: string;
  /** Who acts; checked against the permission table (`systemActor` for seeders). */
  actor: Actor;
  requestId?: string | null | undefined;
  now: Date;
}

export interface ImportedRow {
  /** Row number in the file (header = 1). */
  row: number;
  uscc: string;
  enterpriseId: string;
  status: 'created' | 'skipped';
}

export interface ImportEnterprisesResult {
  createdCount: number;
  /** Rows whose enterprise existed with identical fields (re-import of the same file). */
  skippedCount: number;
  rows: ImportedRow[];
}

/**
 * Imports enterprises from CSV all-or-nothing: every row is checked first and every problem is
 * reported as `{ row, column, code, message }` in `details.problems` (VALIDATION_FAILED, or
 * CONFLICT when the only problems are USCCs registered with other fields); then all new rows
 * are written in one transaction, each with its tenant and an audit event. Idempotent: an
 * existing identical enterprise is skipped.
 *
 * @example
 * const result = await importEnterprisesCsv({ sql: db, csvText, now: new Date(),
 *   actor: auth });
 */
export async function importEnterprisesCsv(
  options: ImportEnterprisesCsvOptions,
): Promise<ImportEnterprisesResult> {
  authorize(options.actor, 'enterprise.import');
  const read = readEnterpriseCsv(options.csvText, shanghaiDayOf(options.now));
  if (!read.ok) {
    throw new DomainError('VALIDATION_FAILED', summary(read.problems), {
      field: 'csv',
      problems: read.problems,
      truncated: read.truncated,
    });
  }
  return inTransaction(options.sql, async (tx) => {
    const usccs = read.rows.map((row) => row.fields.uscc);
    // The same per-USCC locks registerEnterprise takes, in one order, so imports and single
    // registrations of one code queue instead of racing.
    await tx.query(
      `select count(pg_advisory_xact_lock(h)) from (
         select hashtext('enterprise:' || u) as h from unnest($1::text[]) u order by 1) locks`,
      [usccs],
    );
    const existing = new Map(
      (
        await tx.query<EnterpriseRow>(
          `select ${ENTERPRISE_COLUMNS} from enterprises where uscc = any($1::text[])`,
          [usccs],
        )
      ).map((row) => [row.uscc, toEnterprise(row)]),
    );
    const conflicts = conflictProblems(read.rows, existing);
    if (conflicts.length > 0) {
      throw new DomainError('CONFLICT', summary(conflicts), { field: 'csv', problems: conflicts });
    }
    const fresh = read.rows.filter((row) => !existing.has(row.fields.uscc));
    const created = await insertAll(tx, fresh, options.now);
    for (const [index, enterprise] of created.entries()) {
      await recordAudit({
        sql: tx,
        actor: options.actor,
        action: 'enterprise.import',
        entity: { type: 'enterprise', id: enterprise.id, tenantId: enterprise.id },
        after: { ...enterprise, csvRow: fresh[index]?.row },
        requestId: options.requestId,
        now: options.now,
      });
    }
    const createdByUscc = new Map(created.map((enterprise) => [enterprise.uscc, enterprise.id]));
    const rows = read.rows.map((row): ImportedRow => {
      const id = createdByUscc.get(row.fields.uscc);
      return id === undefined
        ? {
            row: row.row,
            uscc: row.fields.uscc,
            enterpriseId: existing.get(row.fields.uscc)?.id ?? '',
            status: 'skipped',
          }
        : { row: row.row, uscc: row.fields.uscc, enterpriseId: id, status: 'created' };
    });
    return { createdCount: created.length, skippedCount: rows.length - created.length, rows };
  });
}

function summary(problems: readonly CsvProblem[]): string {
  const first = problems[0];
  const head = first ? `row ${first.row}, ${first.column}: ${first.message}` : '';
  return `${problems.length} problem(s) in the file; nothing was imported. First: ${head}`;
}

function conflictProblems(
  rows: readonly EnterpriseCsvRow[],
  existing: ReadonlyMap<string, Enterprise>,
): CsvProblem[] {
  return rows.flatMap((row) => {
    const stored = existing.get(row.fields.uscc);
    const differing = stored ? differingEnterpriseFields(stored, row.fields) : [];
    if (differing.length === 0) return [];
    return [
      {
        row: row.row,
        column: 'uscc',
        code: 'CONFLICT' as const,
        message: `uscc ${row.fields.uscc} is registered with other ${differing.join(', ')}`,
      },
    ];
  });
}

/** Writes tenants and enterprises of all rows with two statements (arrays as parameters). */
async function insertAll(
  tx: Sql,
  rows: readonly EnterpriseCsvRow[],
  now: Date,
): Promise<Enterprise[]> {
  if (rows.length === 0) return [];
  const ids = rows.map(() => uuidv7());
  const fields = rows.map((row) => row.fields);
  const keys = fields.map(contactKeys);
  await tx.query(
    `insert into tenants (id, kind, name, created_at)
     select id, 'enterprise', name, $3 from unnest($1::uuid[], $2::text[]) as t (id, name)`,
    [ids, fields.map((f) => f.name), now],
  );
  const inserted = await tx.query<EnterpriseRow>(
    `insert into enterprises (id, uscc, name, region_code, size, founded_on, industries,
       credit_record, legal_representative, legal_representative_normalized, phone,
       phone_normalized, address, address_normalized, created_at, updated_at)
     select id, uscc, name, region_code, size, founded_on::date,
            coalesce(string_to_array(nullif(industries, ''), ','), '{}'), credit_record,
            legal_representative, legal_representative_normalized, phone, phone_normalized,
            address, address_normalized, $15, $15
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                   $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                   $13::text[], $14::text[])
         as t (id, uscc, name, region_code, size, founded_on, industries, credit_record,
               legal_representative, legal_representative_normalized, phone, phone_normalized,
               address, address_normalized)
     returning ${ENTERPRISE_COLUMNS}`,
    [
      ids,
      fields.map((f) => f.uscc),
      fields.map((f) => f.name),
      fields.map((f) => f.regionCode),
      fields.map((f) => f.size),
      fields.map((f) => f.foundedOn),
      fields.map((f) => f.industries.join(',')),
      fields.map((f) => f.creditRecord),
      fields.map((f) => f.legalRepresentative),
      keys.map((k) => k.legalRepresentativeNormalized),
      fields.map((f) => f.phone),
      keys.map((k) => k.phoneNormalized),
      fields.map((f) => f.address),
      keys.map((k) => k.addressNormalized),
      now,
    ],
  );
  const byId = new Map(inserted.map((row) => [row.id, toEnterprise(row)]));
  return ids.flatMap((id) => {
    const enterprise = byId.get(id);
    return enterprise ? [enterprise] : [];
  });
}
