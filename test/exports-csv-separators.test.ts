import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHarness, type ApiHarness } from './support/api-harness.ts';
import { ensureEnterprise } from './support/matrix-entries/parties.ts';
import { programOf } from './support/matrix-entries/publication-data.ts';
import { claimInState } from './support/publication-fixtures.ts';

/**
 * Exports opened by spreadsheets whose list separator is `;` (German, French, Russian Excel):
 * an enterprise named `a;=1+1` must not become a formula cell there. Such a spreadsheet
 * splits the row at every `;` (quotes count only at the start of a cell), so the writer quotes
 * the field for quote-aware readers and guards the formula that would start the new cell.
 */

let h: ApiHarness;
const HOSTILE_NAME = 'a;=1+1';

beforeAll(async () => {
  h = await createApiHarness();
  const enterpriseId = await ensureEnterprise(h, h.tenants.enterpriseA);
  const program = await programOf(h, h.tenants.operatorA.id);
  await claimInState(h.db, {
    programId: program.programId,
    at: h.clock.now(),
    enterpriseId,
    providerId: program.providerId,
  });
  const renamed = await h
    .as('operator-admin@A')
    .patch(`/api/v1/enterprises/${enterpriseId}`, { name: HOSTILE_NAME });
  expect(renamed.status, renamed.text).toBe(200);
}, 60_000);
afterAll(async () => {
  await h.close();
});

/** The cells a `;`-separated reading of one CSV line gives (no quote spans `;` here). */
function semicolonCells(line: string): string[] {
  return line.split(';');
}

describe('CSV exports in ";" locales', () => {
  it('quote an enterprise name holding ";" and guard the formula after it', async () => {
    const response = await h.as('enterprise-admin@A').get('/api/v1/exports/grants.csv');
    expect(response.status).toBe(200);
    const line = response.text.split('\r\n').find((row) => row.includes('a;'));
    expect(line).toBeDefined();
    expect(line).toContain(`,"a;'=1+1",`);
    for (const cell of semicolonCells(line ?? '')) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});
