import fc from 'fast-check';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { CONTRACT_ID_SEPARATORS, contractKey } from '../src/domain/vouchers/contract-identity.ts';
import { createTestPglite } from './support/test-database.ts';

/**
 * Migration 0210_claim_identity.sql on a database with claims: the SQL backfill keys contract
 * ids exactly as the services' contractKey does, live claims the old exact comparison let
 * through side by side survive, and the invoice and payment of each claim become rows.
 */

const MIGRATIONS = fileURLToPath(new URL('../src/db/migrations/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'suanli-0210-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const character = fc.oneof(
  fc.constantFrom(...Array.from('ABCXYZabcxyz0129/_.()#合同第号ÄÖßΣσİ')),
  // Full-width ASCII and the ideographic space, as Chinese input methods type them.
  fc.integer({ min: 0xff01, max: 0xff5e }).map((codePoint) => String.fromCodePoint(codePoint)),
  fc.constantFrom(
    ...CONTRACT_ID_SEPARATORS.flatMap(([from, to]) =>
      Array.from({ length: to - from + 1 }, (_, offset) => String.fromCodePoint(from + offset)),
    ),
  ),
);

describe('migration 0210 (claim identity)', () => {
  it('keys contract ids in SQL exactly as contractKey does', async () => {
    const db = await createTestPglite();
    const ids = fc.sample(
      fc.array(character, { minLength: 1, maxLength: 24 }).map((chars) => chars.join('')),
      { numRuns: 1_000, seed: 17 },
    );
    const rows = await db.query<{ id: string; key: string }>(
      'select id, suanli_contract_key(id) as key from unnest($1::text[]) as t (id)',
      [ids],
    );
    const mismatches = rows.filter((row) => {
      let expected: string;
      try {
        expected = contractKey(row.id);
      } catch {
        expected = '';
      }
      return expected !== row.key;
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    await db.close();
  });

  it('backfills keys, keeps live look-alike claims, and moves invoices and payments into rows', async () => {
    const before = join(scratch, 'before');
    mkdirSync(before);
    for (const name of readdirSync(MIGRATIONS).filter((file) => file < '0210')) {
      copyFileSync(join(MIGRATIONS, name), join(before, name));
    }
    const db = await openDatabase({ dataDir: 'memory://' });
    await migrate(db, before);
    // The claims without their programs and grants: this test is about the claim rows.
    await db.exec(`alter table voucher_claims drop constraint voucher_claims_grant_id_fkey;
      alter table voucher_claims drop constraint voucher_claims_program_id_fkey`);
    const [enterprise, otherEnterprise, provider] = [randomUUID(), randomUUID(), randomUUID()];
    await db.query(
      `insert into tenants (id, kind, name) values
         ($1, 'enterprise', 'E1'), ($2, 'enterprise', 'E2'), ($3, 'provider', 'P')`,
      [enterprise, otherEnterprise, provider],
    );
    const claim = (enterpriseId: string, contractId: string, state: string, extra = '') =>
      insertClaim(db, { enterpriseId, providerId: provider, contractId, state, extra });
    const first = await claim(enterprise, 'ZJZS-1', 'submitted', 'invoice');
    const lookAlike = await claim(enterprise, 'zjzs 1', 'draft');
    const rejected = await claim(enterprise, 'ＺＪＺＳ－１', 'rejected');
    const otherFirm = await claim(otherEnterprise, 'ZJZS—1', 'draft');
    await migrate(db);
    const keys = await db.query<{ id: string; contract_key: string }>(
      'select id, contract_key from voucher_claims',
    );
    const keyOf = (id: string) => keys.find((row) => row.id === id)?.contract_key;
    expect(keyOf(first)).toBe('zjzs1');
    expect(keyOf(lookAlike)).toBe(`zjzs1#legacy-${lookAlike}`);
    expect(keyOf(rejected)).toBe('zjzs1');
    expect(keyOf(otherFirm)).toBe('zjzs1');
    expect(
      await db.query(
        'select claim_id, invoice_code, invoice_number, amount_fen, live from voucher_claim_invoices',
      ),
    ).toEqual([
      {
        claim_id: first,
        invoice_code: null,
        invoice_number: '12345678',
        amount_fen: 100n,
        live: true,
      },
    ]);
    expect(await db.query('select claim_id, amount_fen from voucher_claim_payments')).toEqual([
      { claim_id: first, amount_fen: 50n },
    ]);
    // A rejected claim frees its invoices.
    await db.query(`update voucher_claims set state = 'rejected' where id = $1`, [first]);
    expect(await db.query('select live from voucher_claim_invoices')).toEqual([{ live: false }]);
    await db.close();
  });
});

/** A claim row (its grant and program constraints dropped by the caller). */
async function insertClaim(
  db: Database,
  claim: {
    enterpriseId: string;
    providerId: string;
    contractId: string;
    state: string;
    extra: string;
  },
): Promise<string> {
  // Time-ordered ids, as the services make them: the earliest claim keeps the contract.
  const id = uuidv7();
  await db.query(
    `insert into voucher_claims
         (id, grant_id, program_id, enterprise_id, provider_id, state, contract_id,
          contract_signed_on, contract_amount_fen, purchase, invoice_number, invoice_amount_fen,
          paid_amount_fen, created_at, updated_at)
       values ($1, $2, 'legacy-program', $3, $4, $5, $6, '2025-06-01', 1000, '{}'::jsonb,
               $7, $8, $9, now(), now())`,
    [
      id,
      randomUUID(),
      claim.enterpriseId,
      claim.providerId,
      claim.state,
      claim.contractId,
      claim.extra === 'invoice' ? '12345678' : null,
      claim.extra === 'invoice' ? 100n : null,
      claim.extra === 'invoice' ? 50n : null,
    ],
  );
  return id;
}
