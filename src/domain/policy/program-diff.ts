import { assert } from '../shared/assert.ts';

/**
 * What a new program version changes against the version in force, for the operator who
 * publishes it and the reviewer who reads it: the rules as a list of changed paths (the YAML's
 * structure, comments and layout aside), and the file itself line by line.
 */

/** One changed value of the definition, by its dotted path (`rates.1.rateBps`). */
export interface ValueChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** Most changes listed; a rewrite beyond this is summarised by `truncated`. */
export const MAX_VALUE_CHANGES = 500;
const MAX_DEPTH = 64;

/**
 * The changed leaves between two JSON values (objects by key, arrays by index), in key order.
 *
 * @example
 * diffValues({ rateBps: 3000 }, { rateBps: 2500 })
 * // { changes: [{ path: 'rateBps', kind: 'changed', before: 3000, after: 2500 }], truncated: false }
 */
export function diffValues(
  before: unknown,
  after: unknown,
): { changes: ValueChange[]; truncated: boolean } {
  const changes: ValueChange[] = [];
  let truncated = false;
  walk(before, after, [], 0);
  return { changes, truncated };

  function push(change: ValueChange): void {
    if (changes.length >= MAX_VALUE_CHANGES) truncated = true;
    else changes.push(change);
  }

  function walk(a: unknown, b: unknown, path: string[], depth: number): void {
    assert(depth <= MAX_DEPTH, 'diffValues: nested deeper than a program file may be');
    if (truncated) return;
    const containerA = isContainer(a);
    const containerB = isContainer(b);
    if (containerA && containerB && Array.isArray(a) === Array.isArray(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(byKey);
      for (const key of keys) {
        const inA = Object.hasOwn(a, key);
        const inB = Object.hasOwn(b, key);
        const at = [...path, key];
        if (!inA)
          push({ path: at.join('.'), kind: 'added', after: (b as Record<string, unknown>)[key] });
        else if (!inB)
          push({
            path: at.join('.'),
            kind: 'removed',
            before: (a as Record<string, unknown>)[key],
          });
        else
          walk(
            (a as Record<string, unknown>)[key],
            (b as Record<string, unknown>)[key],
            at,
            depth + 1,
          );
      }
      return;
    }
    if (!Object.is(a, b) && JSON.stringify(a) !== JSON.stringify(b)) {
      push({ path: path.join('.'), kind: 'changed', before: a, after: b });
    }
  }
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** Array indexes in numeric order, then keys alphabetically. */
function byKey(a: string, b: string): number {
  const numberA = /^\d+$/.test(a) ? Number(a) : NaN;
  const numberB = /^\d+$/.test(b) ? Number(b) : NaN;
  if (!Number.isNaN(numberA) && !Number.isNaN(numberB)) return numberA - numberB;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One line of a line diff: kept (' '), removed ('-') or added ('+'). */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

/** Most edits the line diff searches for; beyond that the files are reported as rewritten. */
export const MAX_LINE_EDITS = 1000;

/**
 * The shortest edit script between two texts' lines (Myers' O((N+M)·D) algorithm), or null
 * when more than MAX_LINE_EDITS lines differ (a rewrite: show the new file instead).
 *
 * @example
 * diffLines('a\nb', 'a\nc') // [{op:' ',text:'a'}, {op:'-',text:'b'}, {op:'+',text:'c'}]
 */
export function diffLines(before: string, after: string): DiffLine[] | null {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  const offset = MAX_LINE_EDITS + 1;
  const frontier = new Array<number>(2 * offset + 1).fill(0);
  const trace: number[][] = [];
  for (let edits = 0; edits <= MAX_LINE_EDITS; edits += 1) {
    // The diagonals step `edits` reads (−edits−1 … edits+1): memory grows with D², not N·D.
    trace.push(frontier.slice(offset - edits - 1, offset + edits + 2));
    for (let diagonal = -edits; diagonal <= edits; diagonal += 2) {
      const down =
        diagonal === -edits ||
        (diagonal !== edits &&
          (frontier[offset + diagonal - 1] ?? 0) < (frontier[offset + diagonal + 1] ?? 0));
      let x = down
        ? (frontier[offset + diagonal + 1] ?? 0)
        : (frontier[offset + diagonal - 1] ?? 0) + 1;
      let y = x - diagonal;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      frontier[offset + diagonal] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, edits);
    }
  }
  return null;
}

function backtrack(trace: number[][], a: string[], b: string[], edits: number): DiffLine[] {
  const lines: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let step = edits; step > 0; step -= 1) {
    const saved = trace[step] ?? [];
    const at = (diagonal: number): number => saved[diagonal + step + 1] ?? 0;
    const diagonal = x - y;
    const down = diagonal === -step || (diagonal !== step && at(diagonal - 1) < at(diagonal + 1));
    const previousDiagonal = down ? diagonal + 1 : diagonal - 1;
    const previousX = at(previousDiagonal);
    const previousY = previousX - previousDiagonal;
    while (x > previousX && y > previousY) {
      x -= 1;
      y -= 1;
      lines.push({ op: ' ', text: a[x] ?? '' });
    }
    if (down) {
      y -= 1;
      lines.push({ op: '+', text: b[y] ?? '' });
    } else {
      x -= 1;
      lines.push({ op: '-', text: a[x] ?? '' });
    }
  }
  while (x > 0 && y > 0) {
    x -= 1;
    y -= 1;
    lines.push({ op: ' ', text: a[x] ?? '' });
  }
  return lines.reverse();
}
