import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The shape of the source tree, checked on the files themselves: no import loops between files
 * or between modules, and contracts a browser can load. Type-only imports count: a loop of types
 * is still two files that cannot be understood (or moved) one without the other.
 */

const SRC = resolve(import.meta.dirname, '../src');

interface SourceFile {
  /** Path relative to src/, e.g. `services/vouchers/payout-claim.ts`. */
  path: string;
  /** Files of src/ it imports (relative paths resolved, relative to src/). */
  localImports: string[];
  /** Package and built-in specifiers it imports (`zod`, `node:fs`, `@hono/zod-openapi`). */
  packageImports: string[];
}

function listTypeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return listTypeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function readSourceFile(absolutePath: string): SourceFile {
  // preProcessFile sees `import type`, `export … from` and `import()` alike.
  const { importedFiles } = ts.preProcessFile(readFileSync(absolutePath, 'utf8'), true, true);
  const specifiers = importedFiles.map((file) => file.fileName);
  const localImports = specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => resolve(dirname(absolutePath), specifier));
  for (const target of localImports) {
    expect(existsSync(target), `${absolutePath} imports ${target}, which does not exist`).toBe(
      true,
    );
  }
  return {
    path: relative(SRC, absolutePath),
    localImports: localImports.map((target) => relative(SRC, target)),
    packageImports: specifiers.filter((specifier) => !specifier.startsWith('.')),
  };
}

/** Tests are leaves (nothing imports them) and may reach across modules to check them. */
const files = listTypeScriptFiles(SRC)
  .filter((path) => !path.endsWith('.test.ts'))
  .map(readSourceFile);
const fileByPath = new Map(files.map((file) => [file.path, file]));

/** The strongly connected components of more than one node (or a node importing itself). */
function findLoops(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const order = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (node: string): void => {
    order.set(node, order.size);
    lowest.set(node, order.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        lowest.set(node, Math.min(lowest.get(node) ?? 0, lowest.get(next) ?? 0));
      } else if (onStack.has(next)) {
        lowest.set(node, Math.min(lowest.get(node) ?? 0, order.get(next) ?? 0));
      }
    }
    if (lowest.get(node) !== order.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) loops.push(component);
  };
  for (const node of graph.keys()) if (!order.has(node)) visit(node);
  return loops;
}

/**
 * The module a file belongs to: `domain/<module>` and `services/<module>` (the modules of
 * docs/architecture.md#modules), else its top folder (`http`, `cli`, `contracts`, `db`…), whose subfolders are
 * layers of one module.
 */
function moduleOf(path: string): string {
  const [top = '', second, ...rest] = path.split('/');
  return (top === 'domain' || top === 'services') && rest.length > 0 ? `${top}/${second}` : top;
}

describe('the import graph of src/', () => {
  it('has no loop between files', () => {
    const graph = new Map(files.map((file) => [file.path, file.localImports]));
    expect(findLoops(graph)).toEqual([]);
  });

  it('has no loop between modules (vouchers ↔ publication and the like)', () => {
    const graph = new Map<string, Set<string>>();
    for (const file of files) {
      const from = moduleOf(file.path);
      const targets = graph.get(from) ?? new Set<string>();
      for (const target of file.localImports) {
        if (moduleOf(target) !== from) targets.add(moduleOf(target));
      }
      graph.set(from, targets);
    }
    const loops = findLoops(new Map([...graph].map(([module, targets]) => [module, [...targets]])));
    expect(loops).toEqual([]);
  });

  it('finds a loop when there is one (the check can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['d']],
      ['e', ['a']],
    ]);
    expect(findLoops(graph).map((loop) => [...loop].sort())).toEqual([['a', 'b', 'c'], ['d']]);
  });
});

describe('src/contracts, shared with the browser console', () => {
  /** Packages a browser bundle may pull in through the contracts. */
  const BROWSER_SAFE_PACKAGES = ['zod', 'yaml'];
  /** Layers whose code needs the server (database, HTTP server, process, files). */
  const SERVER_ONLY = /^(db|services|http|cli|config|gateway)\/|^main\.ts$/;

  /** Every file a contract loads, directly or through the files it imports. */
  function reachableFromContracts(): SourceFile[] {
    const seen = new Set<string>();
    const pending = files.filter((file) => file.path.startsWith('contracts/'));
    const reached: SourceFile[] = [];
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      if (seen.has(file.path)) continue;
      seen.add(file.path);
      reached.push(file);
      for (const target of file.localImports) {
        const next = fileByPath.get(target);
        if (next) pending.push(next);
      }
    }
    return reached;
  }

  it('import only zod, yaml, other contracts and the pure domain, through every path', () => {
    const reached = reachableFromContracts();
    expect(reached.length).toBeGreaterThan(5);
    const offending = reached.flatMap((file) => [
      ...file.packageImports
        .filter((specifier) => !BROWSER_SAFE_PACKAGES.includes(specifier))
        .map((specifier) => `${file.path} imports ${specifier}`),
      ...(SERVER_ONLY.test(file.path) ? [`${file.path} is server code`] : []),
    ]);
    expect(offending).toEqual([]);
  });
});
