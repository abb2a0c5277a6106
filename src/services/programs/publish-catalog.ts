import type { Database } from '../../db/client.ts';
import { loadCatalog } from './load-catalog.ts';
import { publishProgramVersion, type PublishResult } from './publish-program-version.ts';

/** Who publishes the files shipped in `programs/`. */
export const catalogPublisher = 'catalog';

/**
 * Publishes every catalog file not yet published (by checksum), in id and version order, one
 * transaction per file. Idempotent: a second run publishes nothing. Used to seed a fresh
 * database at start. Throws PROGRAM_INVALID (publishing nothing) when any file is bad.
 *
 * @example
 * const results = await publishCatalog({ db, now: new Date() });
 */
export async function publishCatalog(options: {
  db: Database;
  now: Date;
  directory?: string;
  publishedBy?: string;
}): Promise<PublishResult[]> {
  const files = await loadCatalog(
    options.directory === undefined ? {} : { directory: options.directory },
  );
  const known = await options.db.query<{ checksum: string }>(
    'select checksum from program_versions where checksum = any($1::text[])',
    [files.map((file) => file.checksum)],
  );
  const published = new Set(known.map((row) => row.checksum));
  const results: PublishResult[] = [];
  for (const file of files) {
    if (published.has(file.checksum)) {
      results.push({
        status: 'exists',
        programId: file.definition.id,
        version: file.definition.version,
        checksum: file.checksum,
      });
      continue;
    }
    results.push(
      await options.db.transaction((tx) =>
        publishProgramVersion({
          sql: tx,
          yamlText: file.yamlText,
          publishedBy: options.publishedBy ?? catalogPublisher,
          now: options.now,
        }),
      ),
    );
  }
  return results;
}
