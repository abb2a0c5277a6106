import { CST, Lexer, Parser } from 'yaml';

/**
 * Bounds on a program file before it is parsed, so that a hostile file (an alias bomb, a million
 * nested brackets) costs a bounded amount of work and is refused with a reason instead of
 * exhausting memory or the stack. A real program file is about 5 kB, nests 5 deep and uses no
 * aliases; the limits leave ample room.
 */
export const programYamlLimits = {
  /** Characters of the file (the API's body limit is the same). */
  charactersMax: 200_000,
  /** Nesting of maps and sequences, block and flow together. */
  depthMax: 32,
  /** Alias nodes (`*name`); each may expand to a whole subtree when converted. */
  aliasesMax: 50,
  /** Maps, sequences and scalars in the file. */
  nodesMax: 20_000,
} as const;

export type YamlLimit = 'size' | 'depth' | 'aliases' | 'nodes';

export interface YamlTooComplex {
  limit: YamlLimit;
  message: string;
}

const limits = programYamlLimits;

/**
 * `null` when `text` is within every limit, else the first limit it passes. Two passes that
 * never recurse: the lexer's tokens (stops at the first bracket too deep or alias too many), then
 * the parser's concrete syntax tree walked with an explicit stack.
 *
 * @example
 * yamlComplexity('a: ' + '['.repeat(100)) // { limit: 'depth', message: '…' }
 */
export function yamlComplexity(text: string): YamlTooComplex | null {
  if (text.length > limits.charactersMax) {
    return tooComplex(
      'size',
      `the file has ${text.length} characters, more than ${limits.charactersMax}`,
    );
  }
  let flowDepth = 0;
  let aliases = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'flow-map-start' || type === 'flow-seq-start') {
      flowDepth += 1;
      if (flowDepth > limits.depthMax) return depthExceeded();
    } else if (type === 'flow-map-end' || type === 'flow-seq-end') {
      flowDepth = Math.max(0, flowDepth - 1);
    } else if (type === 'alias') {
      aliases += 1;
      if (aliases > limits.aliasesMax) {
        return tooComplex('aliases', `more than ${limits.aliasesMax} aliases (*name)`);
      }
    }
  }
  return treeComplexity(text);
}

function tooComplex(limit: YamlLimit, message: string): YamlTooComplex {
  return { limit, message: `too complex: ${message}` };
}

function depthExceeded(): YamlTooComplex {
  return tooComplex('depth', `maps and lists nest more than ${limits.depthMax} deep`);
}

/** Depth and node count of every document's tree, walked without recursion. */
function treeComplexity(text: string): YamlTooComplex | null {
  const stack: { token: CST.Token; depth: number }[] = [];
  for (const document of new Parser().parse(text)) {
    if (document.type === 'document' && document.value) {
      stack.push({ token: document.value, depth: 0 });
    }
  }
  let nodes = 0;
  while (stack.length > 0) {
    const next = stack.pop();
    if (next === undefined) break;
    nodes += 1;
    if (nodes > limits.nodesMax) return tooComplex('nodes', `more than ${limits.nodesMax} values`);
    const { token } = next;
    if (
      token.type !== 'block-map' &&
      token.type !== 'block-seq' &&
      token.type !== 'flow-collection'
    ) {
      continue;
    }
    const depth = next.depth + 1;
    if (depth > limits.depthMax) return depthExceeded();
    for (const item of token.items) {
      if (item.key) stack.push({ token: item.key, depth });
      if (item.value) stack.push({ token: item.value, depth });
    }
  }
  return null;
}
