import type { SeedDemoResult } from './seed-demo-data.ts';

const ROLE_LABELS: Record<string, string> = {
  'operator-admin': 'operator admin 运营管理员',
  reviewer: 'reviewer 审核员',
  auditor: 'auditor 审计员',
  'enterprise-admin': 'enterprise admin 企业管理员',
  'enterprise-member': 'enterprise member 企业成员',
  'provider-admin': 'provider admin 服务商管理员',
};

/**
 * The block `npm start` prints so a newcomer can log in: who is who, one shared demo password,
 * and where to go. Plain text (not a JSON log line), because a person reads it.
 *
 * @example
 * process.stdout.write(formatDemoCredentials(result, 'http://127.0.0.1:3000'));
 */
export function formatDemoCredentials(result: SeedDemoResult, url: string): string {
  const { credentials } = result;
  if (!credentials) return '';
  const width = Math.max(...credentials.users.map((user) => user.email.length));
  const lines = [
    '',
    `Suanli demo data ${result.seeded ? 'seeded' : 'present'} — open ${url} (API reference and try-it: ${url}/api/docs)`,
    `Password for every demo user: ${credentials.password}   (demo only: start with --no-demo for a clean instance)`,
    '',
    ...credentials.users.map(
      (user) =>
        `  ${user.email.padEnd(width)}  ${(ROLE_LABELS[user.role] ?? user.role).padEnd(30)}  ${user.tenantName}`,
    ),
  ];
  const summary = result.summary;
  if (summary) {
    lines.push(
      '',
      `  programs: ${summary.programIds.join(', ')}`,
      `  ${summary.applications} applications, ${summary.grants} grants, ${summary.claims} claims, ${summary.publications} publications (公示)`,
      ...summary.readyToPayOutClaimIds.map(
        (claimId) =>
          `  ready to pay out (its 公示 list is closed): POST ${url}/api/v1/claims/${claimId}/payout`,
      ),
    );
  }
  lines.push('', '');
  return lines.join('\n');
}
