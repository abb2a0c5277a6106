import type { Sql } from '../../db/client.ts';
import { notInForce } from './program-coverage.ts';
import {
  toPublishedVersion,
  versionColumns,
  type PublishedProgramVersion,
  type VersionRow,
} from './version-rows.ts';

/**
 * The version of a program in force on `date` (ISO date): the highest version whose effective
 * period contains the date. Throws PROGRAM_NOT_FOUND when the program is unknown, and
 * PROGRAM_NOT_IN_FORCE (listing the periods it covers) when no version covers the date.
 *
 * @example
 * const { definition } = await getVersionInForce({ sql: db, programId: 'hangzhou-city-compute', date: '2025-06-01' });
 */
export async function getVersionInForce(options: {
  sql: Sql;
  programId: string;
  date: string;
}): Promise<PublishedProgramVersion> {
  const [row] = await options.sql.query<VersionRow>(
    `select ${versionColumns} from program_versions
     where program_id = $1 and effective_from <= $2::date
       and (effective_to is null or effective_to >= $2::date)
     order by version desc limit 1`,
    [options.programId, options.date],
  );
  if (!row) throw await notInForce({ sql: options.sql }, options.programId, options.date);
  return toPublishedVersion(row);
}
