import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sql } from '../../db/client.ts';
import { isContentName, temporaryDirectory, type EvidenceStore } from './evidence-store.ts';

/**
 * How long content with no row is kept. An upload renames its content into place a moment
 * before it inserts the row (and a re-upload refreshes the file's time), so anything this old
 * without a row lost its row: the transaction failed or the process died between the two.
 */
export const ORPHAN_GRACE_MS = 60 * 60_000;
/** Names checked against the database per query. */
const BATCH = 500;

export interface SweepResult {
  /** Content files removed: no row names them and they are older than the grace period. */
  removedContents: number;
  /** Temporary files of uploads that never finished (a crashed process), older than grace. */
  removedTemporary: number;
  /** Content files kept (named by a row, or too young to judge). */
  keptContents: number;
}

/**
 * Removes what a failed or interrupted upload left in the store: content no evidence row names
 * and temporary files, both only once older than `graceMs`. Idempotent and safe beside running
 * uploads and other processes (run at start and then by a job, see scheduleEvidenceJobs).
 *
 * @example
 * const swept = await sweepEvidenceOrphans({ sql: db, store, now: new Date() });
 */
export async function sweepEvidenceOrphans(options: {
  sql: Sql;
  store: EvidenceStore;
  now: Date;
  graceMs?: number;
}): Promise<SweepResult> {
  const olderThanMs = options.now.getTime() - (options.graceMs ?? ORPHAN_GRACE_MS);
  const result: SweepResult = { removedContents: 0, removedTemporary: 0, keptContents: 0 };
  for (const path of await listFiles(temporaryDirectory(options.store))) {
    if (await removeIfOlder(path, olderThanMs)) result.removedTemporary += 1;
  }
  const contents = (await listContentFiles(options.store)).filter((path) =>
    isContentName(path.slice(-64)),
  );
  for (let start = 0; start < contents.length; start += BATCH) {
    const batch = contents.slice(start, start + BATCH);
    const named = await options.sql.query<{ sha256: string }>(
      `select sha256 from voucher_claim_attachments
        where sha256 in (select jsonb_array_elements_text($1::jsonb))
       union
       select sha256 from voucher_application_attachments
        where sha256 in (select jsonb_array_elements_text($1::jsonb))`,
      [JSON.stringify(batch.map((path) => path.slice(-64)))],
    );
    const kept = new Set(named.map((row) => row.sha256));
    for (const path of batch) {
      if (!kept.has(path.slice(-64)) && (await removeIfOlder(path, olderThanMs))) {
        result.removedContents += 1;
      } else {
        result.keptContents += 1;
      }
    }
  }
  return result;
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(directory, entry.name));
}

/** Every file two levels under `sha256/` (`ab/cd/<hash>`). */
async function listContentFiles(store: EvidenceStore): Promise<string[]> {
  const root = join(store.directory, 'sha256');
  const files: string[] = [];
  for (const first of await readdir(root).catch(() => [])) {
    for (const second of await readdir(join(root, first)).catch(() => [])) {
      files.push(...(await listFiles(join(root, first, second))));
    }
  }
  return files;
}

/** Removes the file if it was last modified before `olderThanMs` (epoch ms). */
async function removeIfOlder(path: string, olderThanMs: number): Promise<boolean> {
  const found = await stat(path).catch(() => null);
  if (found === null || found.mtimeMs >= olderThanMs) return false;
  await rm(path, { force: true });
  return true;
}
