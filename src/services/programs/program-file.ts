import { createHash } from 'node:crypto';
import { parseProgramYaml } from '../../contracts/program-yaml.ts';
import type { ProgramDefinition } from '../../domain/policy/program.ts';
import { DomainError } from '../../domain/shared/errors.ts';

/** A validated program file: its definition, its text verbatim and the text's checksum. */
export interface ProgramFile {
  definition: ProgramDefinition;
  yamlText: string;
  /** SHA-256 of the text, hex: what makes publishing idempotent. */
  checksum: string;
  /** Where it came from (a path), for messages. */
  origin?: string;
}

/** SHA-256 hex of a program file's text. */
export function programChecksum(yamlText: string): string {
  return createHash('sha256').update(yamlText, 'utf8').digest('hex');
}

/**
 * Parses and validates one program file; throws PROGRAM_INVALID with every problem (path,
 * message, line, column) in `details.problems` when it is not valid.
 */
export function readProgramFile(options: { yamlText: string; origin?: string }): ProgramFile {
  const result = parseProgramYaml(options.yamlText);
  if (!result.ok && result.tooComplex !== undefined) {
    throw new DomainError(
      'PROGRAM_YAML_TOO_COMPLEX',
      `${options.origin ? `${options.origin}: ` : ''}${result.problems[0]?.message ?? 'too complex'}`,
      { field: 'yaml', limit: result.tooComplex, problems: result.problems },
    );
  }
  if (!result.ok) {
    const where = options.origin ? `${options.origin}: ` : '';
    throw new DomainError(
      'PROGRAM_INVALID',
      `${where}${result.problems.length} problem(s) in the program file`,
      { ...(options.origin ? { file: options.origin } : {}), problems: result.problems },
    );
  }
  return {
    definition: result.definition,
    yamlText: options.yamlText,
    checksum: programChecksum(options.yamlText),
    ...(options.origin ? { origin: options.origin } : {}),
  };
}

// Published texts never change (checksum = content), so their parsed form is cached; bounded so
// a long-running process cannot grow without limit.
const parsedByChecksum = new Map<string, ProgramDefinition>();
const parsedCacheEntriesMax = 1_000;

/** The definition of a stored (already validated) version, parsed once per process. */
export function storedDefinition(yamlText: string, checksum: string): ProgramDefinition {
  const cached = parsedByChecksum.get(checksum);
  if (cached) return cached;
  const { definition } = readProgramFile({ yamlText });
  if (parsedByChecksum.size >= parsedCacheEntriesMax) parsedByChecksum.clear();
  parsedByChecksum.set(checksum, definition);
  return definition;
}
