import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PERMISSION_TABLE_BEGIN,
  PERMISSION_TABLE_END,
  permissionTableMarkdown,
} from './permission-table-markdown.ts';
import { keyScopesFor } from './permissions.ts';

const DOCS = new URL('../../../docs/api.md', import.meta.url);

/** The table's cells, row by row, without the padding Prettier adds (or the separator row). */
function cellsOf(table: string): string {
  return table
    .split('\n')
    .filter((line) => !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .split('|')
        .map((cell) => cell.trim())
        .join('|'),
    )
    .join('\n');
}

describe('the permission table', () => {
  it('is documented in docs/api.md exactly as the code has it (UPDATE_DOCS=1 rewrites it)', () => {
    const text = readFileSync(DOCS, 'utf8');
    const begin = text.indexOf(PERMISSION_TABLE_BEGIN);
    const end = text.indexOf(PERMISSION_TABLE_END);
    expect(begin, 'docs/api.md lacks the permission-table markers').toBeGreaterThanOrEqual(0);
    const documented = text.slice(begin, end + PERMISSION_TABLE_END.length);
    const generated = permissionTableMarkdown();
    if (process.env.UPDATE_DOCS === '1' && cellsOf(documented) !== cellsOf(generated)) {
      // Run `npx prettier --write docs/api.md` afterwards: it pads the columns.
      writeFileSync(DOCS, text.replace(documented, generated));
      return;
    }
    expect(cellsOf(documented)).toBe(cellsOf(generated));
  });

  it('caps API-key scopes by role: auditors read, only enterprise roles call the gateway', () => {
    expect(keyScopesFor(['auditor'])).toEqual(['read']);
    expect(keyScopesFor(['reviewer'])).toEqual(['read', 'write']);
    expect(keyScopesFor(['operator-admin'])).toEqual(['read', 'write']);
    expect(keyScopesFor(['provider-admin'])).toEqual(['read', 'write']);
    expect(keyScopesFor(['enterprise-admin'])).toEqual(['read', 'write', 'gateway']);
    expect(keyScopesFor(['enterprise-member'])).toEqual(['read', 'write', 'gateway']);
    expect(keyScopesFor([])).toEqual([]);
  });
});
