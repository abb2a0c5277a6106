import type { Sql } from '../../db/client.ts';
import {
  toPublishedVersion,
  versionColumns,
  type PublishedProgramVersion,
  type VersionRow,
} from './version-rows.ts';

/**
 * For every program, the version in force on `date` (highest version whose period contains it);
 * programs with none in force are left out. Ordered by program id.
 */
export async function listVersionsInForce(options: {
  sql: Sql;
  date: string;
}): Promise<PublishedProgramVersion[]> {
  const rows = await options.sql.query<VersionRow>(
    `select distinct on (program_id) ${versionColumns} from program_versions
     where effective_from <= $1::date and (effective_to is null or effective_to >= $1::date)
     order by program_id, version desc`,
    [options.date],
  );
  return rows.map(toPublishedVersion);
}
