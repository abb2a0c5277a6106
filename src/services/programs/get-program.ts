import type { Sql } from '../../db/client.ts';
import type { LocalizedText } from '../../domain/policy/program.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import {
  toPublishedVersion,
  versionColumns,
  type PublishedProgramVersion,
  type VersionRow,
} from './version-rows.ts';

/** A program with every published version, newest first. */
export interface ProgramDetail {
  id: string;
  name: LocalizedText;
  regionCode: string;
  latestVersion: number;
  versions: PublishedProgramVersion[];
}

/**
 * One program and all its versions; throws PROGRAM_NOT_FOUND when the id is unknown.
 *
 * @example
 * const program = await getProgram({ sql: db, programId: 'beijing-compute' });
 */
export async function getProgram(options: { sql: Sql; programId: string }): Promise<ProgramDetail> {
  const [program] = await options.sql.query<{
    id: string;
    name_zh: string;
    name_en: string;
    region_code: string;
    latest_version: number;
  }>('select id, name_zh, name_en, region_code, latest_version from programs where id = $1', [
    options.programId,
  ]);
  if (!program) {
    throw new DomainError('PROGRAM_NOT_FOUND', `no program ${options.programId}`, {
      field: 'programId',
      programId: options.programId,
    });
  }
  const rows = await options.sql.query<VersionRow>(
    `select ${versionColumns} from program_versions where program_id = $1 order by version desc`,
    [options.programId],
  );
  return {
    id: program.id,
    name: { 'zh-CN': program.name_zh, en: program.name_en },
    regionCode: program.region_code,
    latestVersion: program.latest_version,
    versions: rows.map(toPublishedVersion),
  };
}
