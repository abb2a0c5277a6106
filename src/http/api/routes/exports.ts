import { z } from '@hono/zod-openapi';
import {
  exportClaims,
  exportGrants,
  exportLedgerStatement,
  exportPayouts,
  type ExportFile,
  type ExportFormat,
} from '../../../services/exports/index.ts';
import { defineRoute, type RouteDefinition } from '../define-route.ts';
import type { ApiContext } from '../api-env.ts';

/**
 * CSV (UTF-8 with BOM, RFC 4180, formula-guarded) and XLSX downloads of grants, claims,
 * payouts and ledger statements. The services limit every export to the caller's reach in the
 * permission table: operators see their programs, an enterprise its own rows, a provider the
 * rows where it is the provider.
 */

const programQuery = z.object({
  programId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: 'programId', in: 'query' }, example: 'hangzhou-2025' }),
});
const accountQuery = z.object({
  accountId: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a ledger account id')
    .openapi({ param: { name: 'accountId', in: 'query' } }),
});

function download(c: ApiContext, file: ExportFile): Response {
  return c.body(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), 200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.filename}"`,
    'x-row-count': String(file.rowCount),
  });
}

const fileResponse = (format: ExportFormat) => ({
  200: {
    description: format === 'csv' ? 'CSV, UTF-8 with BOM' : 'XLSX workbook',
    contentType:
      format === 'csv'
        ? 'text/csv'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    schema: z.string().openapi({ format: 'binary' }),
  },
});

type ProgramExport = typeof exportGrants;
const programExports: [string, ProgramExport][] = [
  ['grants', exportGrants],
  ['claims', exportClaims],
  ['payouts', exportPayouts],
];

function programExportRoute(
  name: string,
  run: ProgramExport,
  format: ExportFormat,
): RouteDefinition {
  return defineRoute({
    method: 'get',
    path: `/api/v1/exports/${name}.${format}`,
    summary: `Export ${name} as ${format.toUpperCase()} (amounts in fen and yuan)`,
    tags: ['exports'],
    access: { action: 'export.read' },
    request: { query: programQuery },
    responses: fileResponse(format),
    handler: async (c, auth, { query }) =>
      download(
        c,
        await run({
          sql: c.get('db'),
          actor: auth,
          programId: query.programId,
          format,
          now: c.get('now'),
        }),
      ),
  });
}

function statementRoute(format: ExportFormat): RouteDefinition {
  return defineRoute({
    method: 'get',
    path: `/api/v1/exports/ledger-statement.${format}`,
    summary: `Statement of one ledger account as ${format.toUpperCase()} (operators: any account; enterprises: their grants)`,
    tags: ['exports'],
    // Providers have no ledger account of their own to read (their money shows as payouts).
    access: { action: 'ledgerStatement.read' },
    request: { query: accountQuery },
    responses: fileResponse(format),
    handler: async (c, auth, { query }) =>
      download(
        c,
        await exportLedgerStatement({
          sql: c.get('db'),
          actor: auth,
          accountId: query.accountId,
          format,
          now: c.get('now'),
        }),
      ),
  });
}

export const exportRoutes: RouteDefinition[] = [
  ...programExports.flatMap(([name, run]) => [
    programExportRoute(name, run, 'csv'),
    programExportRoute(name, run, 'xlsx'),
  ]),
  statementRoute('csv'),
  statementRoute('xlsx'),
];
