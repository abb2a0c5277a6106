import { roles } from '../../domain/access/roles.ts';
import { actions, permissionOf } from './permissions.ts';

/** Where the generated table sits in docs/api.md. */
export const PERMISSION_TABLE_BEGIN =
  '<!-- permission-table:begin (generated, see src/services/authz) -->';
export const PERMISSION_TABLE_END = '<!-- permission-table:end -->';

/**
 * The permission table as Markdown, one row per action and one column per role, each cell the
 * role's reach (`own`, `tenant`, `program`, `any`) or `—`. docs/api.md holds this text between
 * the two markers; src/services/authz/permissions.test.ts keeps them equal.
 */
export function permissionTableMarkdown(): string {
  const header = `| action | what | key scope | ${roles.join(' | ')} |`;
  const rule = `|${' --- |'.repeat(roles.length + 3)}`;
  const rows = actions.map((action) => {
    const permission = permissionOf(action);
    const cells = roles.map((role) => permission.reach[role] ?? '—');
    return `| \`${action}\` | ${permission.summary} | ${permission.scope} | ${cells.join(' | ')} |`;
  });
  return [PERMISSION_TABLE_BEGIN, '', header, rule, ...rows, '', PERMISSION_TABLE_END].join('\n');
}
