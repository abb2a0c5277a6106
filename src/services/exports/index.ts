/** CSV and XLSX exports of grants, claims, payouts and ledger statements, scoped by tenant. */
export { exportGrants } from './export-grants.ts';
export { exportClaims } from './export-claims.ts';
export { exportPayouts } from './export-payouts.ts';
export { exportLedgerStatement } from './export-ledger-statement.ts';
export {
  EXPORT_CONTENT_TYPES,
  type ExportFile,
  type ExportFormat,
  type ExportScope,
} from './render-export.ts';
