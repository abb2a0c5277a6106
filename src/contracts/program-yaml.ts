import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { ProgramDefinition } from '../domain/policy/program.ts';
import { programSchema } from './program.ts';
import { programYamlLimits, yamlComplexity, type YamlLimit } from './program-yaml-limits.ts';

/** One problem of a program file, where it is (1-based line and column when known) and why. */
export interface ProgramProblem {
  /** Dotted path in the file, e.g. `rates.1.rateBps`; empty for the whole file. */
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export type ProgramParseResult =
  | { ok: true; definition: ProgramDefinition }
  | {
      ok: false;
      problems: ProgramProblem[];
      /** Set when the file passes a size, depth or alias limit (it was not parsed further). */
      tooComplex?: YamlLimit;
    };

/**
 * Parses and validates one program file, reporting **every** problem: YAML syntax errors with
 * the parser's line and column, and schema problems with their path mapped back to the line and
 * column of the offending node (or of the nearest parent that exists, for a missing key).
 *
 * @example
 * const result = parseProgramYaml(text);
 * if (!result.ok) for (const p of result.problems) console.error(`${p.line}:${p.column} ${p.path} ${p.message}`);
 */
export function parseProgramYaml(text: string): ProgramParseResult {
  const complexity = yamlComplexity(text);
  if (complexity !== null) {
    return {
      ok: false,
      tooComplex: complexity.limit,
      problems: [{ path: '', message: complexity.message }],
    };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        path: '',
        message: error.message.split('\n')[0] ?? error.message,
        ...(error.linePos ? { line: error.linePos[0].line, column: error.linePos[0].col } : {}),
      })),
    };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: programYamlLimits.aliasesMax });
  } catch (error) {
    // The yaml package refuses an alias expansion past the count (ReferenceError).
    if (!(error instanceof ReferenceError)) throw error;
    return {
      ok: false,
      tooComplex: 'aliases',
      problems: [{ path: '', message: `too complex: ${error.message}` }],
    };
  }
  const parsed = programSchema.safeParse(compactStrings(data));
  if (parsed.success) return { ok: true, definition: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.map(String);
      // An unknown key is pointed at the key itself, not at the map that holds it.
      const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
      const position =
        (unknownKey !== undefined && locateKey(document, lineCounter, path, unknownKey)) ||
        locate(document, lineCounter, path);
      // zod says "expected string, received undefined" for a key that is not there: say so.
      const missing = path.length > 0 && !document.hasIn(toKeys(path));
      const message = missing ? `required field is missing (${issue.message})` : issue.message;
      return { path: path.join('.'), message, ...position };
    }),
  };
}

/** Line and column of the node at `path`, or of its nearest existing ancestor. */
function locate(
  document: Document,
  lineCounter: LineCounter,
  path: readonly string[],
): { line?: number; column?: number } {
  for (let length = path.length; length >= 0; length -= 1) {
    const keys = toKeys(path.slice(0, length));
    const node = length === 0 ? document.contents : document.getIn(keys, true);
    if (isNode(node) && node.range) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return {};
}

function toKeys(path: readonly string[]): (string | number)[] {
  return path.map((key) => (/^\d+$/.test(key) ? Number(key) : key));
}

/** Line and column of the key `key` in the map at `path`, if there is one. */
function locateKey(
  document: Document,
  lineCounter: LineCounter,
  path: readonly string[],
  key: string,
): { line: number; column: number } | undefined {
  const map = path.length === 0 ? document.contents : document.getIn(toKeys(path), true);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  if (!pair || !isNode(pair.key) || !pair.key.range) return undefined;
  const { line, col } = lineCounter.linePos(pair.key.range[0]);
  return { line, column: col };
}

/**
 * The same plain data with every string rebuilt by `JSON.parse`. The YAML parser cuts values out
 * of the file's text, and V8 keeps a piece of a two-byte string (the files hold Chinese) two-byte
 * even when it is ASCII: ids, dates, region codes and enumerated values would then meet the
 * request's one-byte strings on V8's slower mixed-width path in every comparison of every
 * evaluation. `JSON.parse` makes them compact (one-byte, internalized); texts stay as they are.
 */
function compactStrings(value: unknown): unknown {
  if (typeof value === 'string') return JSON.parse(JSON.stringify(value)) as string;
  if (Array.isArray(value)) return value.map(compactStrings);
  if (value === null || typeof value !== 'object') return value;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [key, compactStrings(entry)]),
  );
}
