import type { z } from '@hono/zod-openapi';
import { ledgerVerificationSchema } from '../../../contracts/reports.ts';
import { runLedgerVerification, type LedgerVerification } from '../../../services/reports/index.ts';
import { defineRoute } from '../define-route.ts';

export const runLedgerVerificationRoute = defineRoute({
  method: 'get',
  path: '/api/v1/ledger/verification',
  summary: 'Verify the ledger now and reconcile the vouchers with it (`suanli ledger verify`)',
  description:
    'Recomputes the hash chain and every account’s four counters of the whole ledger from its transfers (naming the first bad row), then — if the ledger holds — reconciles every claim and grant of the caller’s operator tenant’s programs with its balances (no stranded money). Both read one snapshot of the database; every request runs them again (`cache-control: no-store`). Changes nothing; 200 with `ok: false` and the problems when something is wrong.',
  tags: ['reports'],
  access: { action: 'ledger.verify' },
  responses: { 200: { description: 'the result', schema: ledgerVerificationSchema } },
  handler: async (c, auth) => {
    const run = await runLedgerVerification({ db: c.get('db'), actor: auth, now: c.get('now') });
    // Each request runs the checks again: an answer kept by a cache would report an old state.
    c.header('cache-control', 'no-store');
    return c.json(verificationJson(run), 200);
  },
});

function verificationJson(run: LedgerVerification): z.output<typeof ledgerVerificationSchema> {
  const { ledger, vouchers } = run;
  return {
    ok: run.ok,
    startedAt: run.startedAt.toISOString(),
    durationMs: run.durationMs,
    ledger: ledger.ok
      ? {
          ok: true,
          transfers: ledger.transfers,
          accounts: ledger.accounts,
          problems: [],
          firstBadTransferId: null,
        }
      : {
          ok: false,
          transfers: null,
          accounts: null,
          problems: ledger.problems,
          firstBadTransferId: ledger.firstBadTransferId ?? null,
        },
    vouchers:
      vouchers === null
        ? null
        : {
            ok: vouchers.ok,
            programs: vouchers.programs,
            claims: vouchers.claims,
            grants: vouchers.grants,
            findings: vouchers.findings.map((finding) => ({
              ...finding,
              expectedFen: finding.expectedFen.toString(),
              actualFen: finding.actualFen.toString(),
            })),
          },
  };
}
