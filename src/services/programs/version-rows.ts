import type { ProgramDefinition } from '../../domain/policy/program.ts';
import { storedDefinition } from './program-file.ts';

/** One published version as services return it. */
export interface PublishedProgramVersion {
  programId: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  fiscalYear: number;
  budgetFen: bigint | null;
  checksum: string;
  /** ISO timestamp. */
  publishedAt: string;
  publishedBy: string;
  definition: ProgramDefinition;
  yamlText: string;
}

/** Columns to select for `toPublishedVersion` (dates as text: no time zone games). */
export const versionColumns = `program_id, version, effective_from::text as effective_from,
  effective_to::text as effective_to, fiscal_year, budget_fen, checksum, published_at, published_by, yaml`;

export interface VersionRow {
  program_id: string;
  version: number;
  effective_from: string;
  effective_to: string | null;
  fiscal_year: number;
  budget_fen: bigint | null;
  checksum: string;
  published_at: Date | string;
  published_by: string;
  yaml: string;
}

export function toPublishedVersion(row: VersionRow): PublishedProgramVersion {
  return {
    programId: row.program_id,
    version: row.version,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    fiscalYear: row.fiscal_year,
    budgetFen: row.budget_fen,
    checksum: row.checksum,
    publishedAt: new Date(row.published_at).toISOString(),
    publishedBy: row.published_by,
    definition: storedDefinition(row.yaml, row.checksum),
    yamlText: row.yaml,
  };
}
