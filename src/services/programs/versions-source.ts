import type { Sql } from '../../db/client.ts';
import type { ProgramDefinition } from '../../domain/policy/program.ts';
import { versionsInForce } from '../../domain/policy/versions.ts';
import { listVersionsInForce } from './list-versions-in-force.ts';

/**
 * Where program versions come from: the published versions in the database, or definitions in
 * hand (the `programs/` files, for the CLI without a database, or a draft being tried out).
 */
export type VersionSource = { sql: Sql } | { definitions: readonly ProgramDefinition[] };

/** The versions in force on `date` from either source, one per program, ordered by id. */
export async function definitionsInForce(
  source: VersionSource,
  date: string,
): Promise<ProgramDefinition[]> {
  if ('definitions' in source) return versionsInForce(source.definitions, date);
  const versions = await listVersionsInForce({ sql: source.sql, date });
  return versions.map((version) => version.definition);
}
