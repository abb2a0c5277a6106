import type { Sql } from '../../db/client.ts';
import type { LocalizedText } from '../../domain/policy/program.ts';

/** A program in a list: its latest name and, if any, the version in force on the date. */
export interface ProgramSummary {
  id: string;
  name: LocalizedText;
  regionCode: string;
  latestVersion: number;
  inForce: {
    version: number;
    effectiveFrom: string;
    effectiveTo: string | null;
    fiscalYear: number;
    budgetFen: bigint | null;
  } | null;
}

interface SummaryRow {
  id: string;
  name_zh: string;
  name_en: string;
  region_code: string;
  latest_version: number;
  version: number | null;
  effective_from: string | null;
  effective_to: string | null;
  fiscal_year: number | null;
  budget_fen: bigint | null;
}

/**
 * Every program, ordered by region code then id, with the version in force on `date` (ISO date).
 *
 * @example
 * const programs = await listPrograms({ sql: db, date: '2025-06-01' });
 */
export async function listPrograms(options: { sql: Sql; date: string }): Promise<ProgramSummary[]> {
  const rows = await options.sql.query<SummaryRow>(
    `select p.id, p.name_zh, p.name_en, p.region_code, p.latest_version, v.version,
       v.effective_from::text as effective_from, v.effective_to::text as effective_to,
       v.fiscal_year, v.budget_fen
     from programs p
     left join lateral (
       select version, effective_from, effective_to, fiscal_year, budget_fen from program_versions
       where program_id = p.id and effective_from <= $1::date
         and (effective_to is null or effective_to >= $1::date)
       order by version desc limit 1
     ) v on true
     order by p.region_code, p.id`,
    [options.date],
  );
  return rows.map((row) => ({
    id: row.id,
    name: { 'zh-CN': row.name_zh, en: row.name_en },
    regionCode: row.region_code,
    latestVersion: row.latest_version,
    inForce:
      row.version === null || row.effective_from === null || row.fiscal_year === null
        ? null
        : {
            version: row.version,
            effectiveFrom: row.effective_from,
            effectiveTo: row.effective_to,
            fiscalYear: row.fiscal_year,
            budgetFen: row.budget_fen,
          },
  }));
}
