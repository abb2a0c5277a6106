/** CSV and XLSX exports of grants, claims, payouts and ledger statements, limited by the actor's reach in the permission table. */
export { exportGrants } from './export-grants.ts';
export { exportClaims } from './export-claims.ts';
export { exportPayouts } from './export-payouts.ts';
export { exportLedgerStatement } from './export-ledger-statement.ts';
export { EXPORT_CONTENT_TYPES, type ExportFile, type ExportFormat } from './render-export.ts';
