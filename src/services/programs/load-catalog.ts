import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProgramProblem } from '../../contracts/program-yaml.ts';
import { DomainError, isDomainError } from '../../domain/shared/errors.ts';
import { readProgramFile, type ProgramFile } from './program-file.ts';

/** `programs/` at the repository root. */
export const defaultCatalogDirectory = resolve(
  fileURLToPath(new URL('../../../programs', import.meta.url)),
);

/**
 * Reads and validates every `*.yaml` in the catalog directory, sorted by program id then
 * version. Throws PROGRAM_INVALID listing every problem of every bad file (nothing is returned
 * when one file is bad), or when two files claim the same id and version.
 *
 * @example
 * const catalog = await loadCatalog();
 * catalog.map((file) => `${file.definition.id} v${file.definition.version}`);
 */
export async function loadCatalog(options: { directory?: string } = {}): Promise<ProgramFile[]> {
  const directory = options.directory ?? defaultCatalogDirectory;
  const names = (await readdir(directory)).filter((name) => name.endsWith('.yaml')).sort();
  const files: ProgramFile[] = [];
  const problems: (ProgramProblem & { file: string })[] = [];
  for (const name of names) {
    const yamlText = await readFile(join(directory, name), 'utf8');
    try {
      files.push(readProgramFile({ yamlText, origin: name }));
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'PROGRAM_INVALID') throw error;
      const found = (error.details.problems ?? []) as ProgramProblem[];
      for (const problem of found) problems.push({ file: name, ...problem });
    }
  }
  const seen = new Map<string, string>();
  for (const file of files) {
    const key = `${file.definition.id}@${file.definition.version}`;
    const other = seen.get(key);
    if (other !== undefined) {
      problems.push({
        file: file.origin ?? '',
        path: 'version',
        message: `same id and version as ${other}`,
      });
    }
    seen.set(key, file.origin ?? '');
  }
  if (problems.length > 0) {
    throw new DomainError('PROGRAM_INVALID', `${problems.length} problem(s) in the catalog`, {
      problems,
    });
  }
  return files.sort(
    (a, b) =>
      a.definition.id.localeCompare(b.definition.id) || a.definition.version - b.definition.version,
  );
}
