import type { Sql } from '../../db/client.ts';
import type { LocalizedText } from '../../domain/policy/program.ts';
import type { CoveredPeriod } from './program-coverage.ts';

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
  /** Every published version's period: the dates and fiscal years the program covers. */
  covers: CoveredPeriod[];
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
  const periods = await options.sql.query<{
    program_id: string;
    version: number;
    fiscal_year: number;
    effective_from: string;
    effective_to: string | null;
  }>(
    `select program_id, version, fiscal_year, effective_from::text as effective_from,
       effective_to::text as effective_to
     from program_versions order by program_id, effective_from, version`,
  );
  const covers = new Map<string, CoveredPeriod[]>();
  for (const period of periods) {
    const list = covers.get(period.program_id) ?? [];
    list.push({
      version: period.version,
      fiscalYear: period.fiscal_year,
      effectiveFrom: period.effective_from,
      effectiveTo: period.effective_to,
    });
    covers.set(period.program_id, list);
  }
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
    covers: covers.get(row.id) ?? [],
  }));
}
