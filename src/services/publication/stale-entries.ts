import type { Sql } from '../../db/client.ts';
import type { PublicationSource } from './rows.ts';

/** An entry that no longer matches the ledger, and why (in words for the operator and audit). */
export interface StaleEntry {
  entryId: string;
  claimId: string | null;
  grantId: string | null;
  amountFen: bigint;
  reason: string;
}

/**
 * SQL condition "entry `alias` was not dropped from its list": every reader of a list's entries
 * (the list itself, the payout gate, "already on a public list") leaves dropped ones out.
 */
export function notExcludedSql(alias: string): string {
  return `not exists (select 1 from publication_entry_exclusions x where x.entry_id = ${alias}.id)`;
}

/**
 * The entries of a draft that no longer match the ledger: on a claims list, a claim that is not
 * redeemed any more (clawed back, rejected) or will be paid another amount than listed (a partial
 * clawback); on a grants list, a grant voided or clawed back. Read under the publication's lock
 * with the claim and grant rows `for share`, so none of them changes before the list is public.
 */
export async function findStaleEntries(
  sql: Sql,
  publicationId: string,
  source: PublicationSource,
): Promise<StaleEntry[]> {
  const rows =
    source === 'claims'
      ? await sql.query<StaleRow>(
          `select e.id as entry_id, e.claim_id, e.grant_id, e.amount_fen, c.state,
                  c.redeemed_fen - c.clawed_back_fen as current_fen
             from publication_entries e join voucher_claims c on c.id = e.claim_id
            where e.publication_id = $1
              and (c.state <> 'redeemed' or c.redeemed_fen - c.clawed_back_fen <> e.amount_fen)
            order by e.position
              for share of c`,
          [publicationId],
        )
      : await sql.query<StaleRow>(
          `select e.id as entry_id, e.claim_id, e.grant_id, e.amount_fen, g.state,
                  g.amount_fen as current_fen
             from publication_entries e join voucher_grants g on g.id = e.grant_id
            where e.publication_id = $1 and e.claim_id is null
              and g.state in ('voided', 'clawed_back')
            order by e.position
              for share of g`,
          [publicationId],
        );
  return rows.map((row) => ({
    entryId: row.entry_id,
    claimId: row.claim_id,
    grantId: row.grant_id,
    amountFen: row.amount_fen,
    reason: staleReason(source, row),
  }));
}

interface StaleRow {
  entry_id: string;
  claim_id: string | null;
  grant_id: string | null;
  amount_fen: bigint;
  state: string;
  current_fen: bigint;
}

function staleReason(source: PublicationSource, row: StaleRow): string {
  if (source === 'grants') return `grant ${row.state} after the list was drafted`;
  if (row.state !== 'redeemed') return `claim ${row.state} after the list was drafted`;
  return `claim now pays ${row.current_fen} fen, not the ${row.amount_fen} fen drafted (partial clawback): list it again`;
}

/**
 * Drops `stale` entries from the list (one exclusion row each, with its reason) and takes them
 * out of the list's count and total.
 */
export async function excludeEntries(options: {
  sql: Sql;
  publicationId: string;
  stale: readonly StaleEntry[];
  now: Date;
}): Promise<void> {
  const { sql, publicationId, stale, now } = options;
  if (stale.length === 0) return;
  await sql.query(
    `insert into publication_entry_exclusions (entry_id, publication_id, reason, excluded_at)
     select x.entry_id, $1, x.reason, $4
       from unnest($2::uuid[], $3::text[]) as x(entry_id, reason)`,
    [publicationId, stale.map((entry) => entry.entryId), stale.map((entry) => entry.reason), now],
  );
  const droppedFen = stale.reduce((sum, entry) => sum + entry.amountFen, 0n);
  await sql.query(
    `update publications set entry_count = entry_count - $2, total_fen = total_fen - $3
      where id = $1`,
    [publicationId, stale.length, droppedFen],
  );
}

/** The entries dropped from a list at publication, in list order. */
export async function listExcludedEntries(
  sql: Sql,
  publicationId: string,
): Promise<(StaleEntry & { excludedAt: Date })[]> {
  const rows = await sql.query<{
    entry_id: string;
    claim_id: string | null;
    grant_id: string | null;
    amount_fen: bigint;
    reason: string;
    excluded_at: Date;
  }>(
    `select e.id as entry_id, e.claim_id, e.grant_id, e.amount_fen, x.reason, x.excluded_at
       from publication_entry_exclusions x join publication_entries e on e.id = x.entry_id
      where x.publication_id = $1 order by e.position`,
    [publicationId],
  );
  return rows.map((row) => ({
    entryId: row.entry_id,
    claimId: row.claim_id,
    grantId: row.grant_id,
    amountFen: row.amount_fen,
    reason: row.reason,
    excludedAt: new Date(row.excluded_at),
  }));
}
