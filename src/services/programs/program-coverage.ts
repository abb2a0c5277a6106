import type { Sql } from '../../db/client.ts';
import type { ProgramDefinition } from '../../domain/policy/program.ts';
import { DomainError } from '../../domain/shared/errors.ts';

/** One published version's period: which dates and which fiscal year it covers. */
export interface CoveredPeriod {
  version: number;
  fiscalYear: number;
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** The periods of every version of a program, oldest first; empty when the program is unknown. */
export async function programCoverage(
  source: { sql: Sql } | { definitions: readonly ProgramDefinition[] },
  programId: string,
): Promise<CoveredPeriod[]> {
  if ('definitions' in source) {
    return source.definitions
      .filter((definition) => definition.id === programId)
      .map((definition) => ({
        version: definition.version,
        fiscalYear: definition.fiscalYear,
        effectiveFrom: definition.effectiveFrom,
        effectiveTo: definition.effectiveTo ?? null,
      }))
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.version - b.version);
  }
  const rows = await source.sql.query<{
    version: number;
    fiscal_year: number;
    effective_from: string;
    effective_to: string | null;
  }>(
    `select version, fiscal_year, effective_from::text as effective_from,
       effective_to::text as effective_to
     from program_versions where program_id = $1 order by effective_from, version`,
    [programId],
  );
  return rows.map((row) => ({
    version: row.version,
    fiscalYear: row.fiscal_year,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
  }));
}

/** `2023-09-01 – 2023-12-31 (fiscal 2023, v1), 2024-01-01 – … (fiscal 2024, v2)`. */
export function coverageText(periods: readonly CoveredPeriod[]): string {
  return periods
    .map(
      (period) =>
        `${period.effectiveFrom} – ${period.effectiveTo ?? '…'} (fiscal ${period.fiscalYear}, v${period.version})`,
    )
    .join(', ');
}

/**
 * The error for a date no version covers: PROGRAM_NOT_FOUND when the program has no version at
 * all, else PROGRAM_NOT_IN_FORCE naming the periods it does cover.
 *
 * @example
 * throw await notInForce({ sql }, 'beijing-compute', '2022-05-01');
 */
export async function notInForce(
  source: { sql: Sql } | { definitions: readonly ProgramDefinition[] },
  programId: string,
  date: string,
): Promise<DomainError> {
  const covers = await programCoverage(source, programId);
  if (covers.length === 0) {
    return new DomainError('PROGRAM_NOT_FOUND', `no program ${programId}`, {
      field: 'programId',
      programId,
    });
  }
  return new DomainError(
    'PROGRAM_NOT_IN_FORCE',
    `no version of ${programId} covers ${date}; it covers ${coverageText(covers)}`,
    { field: 'date', programId, date, covers },
  );
}
