import type { Sql } from '../../db/client.ts';
import { assertPayoutAllowed, type ClaimListing } from '../../domain/publication/payout-gate.ts';
import type { PublicationState } from '../../domain/publication/publication.ts';
import { assertUuid } from './load-publication.ts';
import { notExcludedSql } from './stale-entries.ts';

/**
 * The 公示 gate of a payout, for the vouchers module's payout service to call inside its
 * transaction: throws PUBLICATION_PENDING until the claim is on a closed claims list, and
 * OBJECTION_UPHELD when an objection against it was upheld on any list, or against its grant on
 * a grants list. Returns the id
 * of the closed publication that allows the payout (worth recording with it).
 *
 * The publication rows are read `for share`, so an objection cannot be upheld (nor the list
 * changed) between this check and the payout's commit.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await assertPublishedForPayout({ sql: tx, claimId, now });
 *   // …payable → paid-out transfer
 * });
 */
export async function assertPublishedForPayout(options: {
  sql: Sql;
  claimId: string;
  now: Date;
}): Promise<string> {
  const { sql, claimId } = options;
  assertUuid(claimId, 'claimId');
  const rows = await sql.query<{
    kind: 'claim' | 'grant';
    publication_id: string;
    state: PublicationState;
    withdrawn: boolean;
  }>(
    `select case when e.claim_id is null then 'grant' else 'claim' end as kind,
            p.id as publication_id, p.state,
            exists (select 1 from publication_objections o
                     where o.entry_id = e.id and o.state = 'upheld') as withdrawn
       from publication_entries e join publications p on p.id = e.publication_id
      where (e.claim_id = $1
             or (e.claim_id is null
                 and e.grant_id = (select grant_id from voucher_claims where id = $1)))
        -- A dropped entry was never public: it allows no payout. A draft decides nothing, and
        -- leaving it unlocked keeps publishing it (draft, then its claims) free of a lock cycle
        -- with this payout (claim, then lists).
        and ${notExcludedSql('e')} and p.state <> 'draft'
      order by p.id
      for share of p`,
    [claimId],
  );
  const listings: ClaimListing[] = rows.map((row) => ({
    kind: row.kind,
    publicationId: row.publication_id,
    publicationState: row.state,
    withdrawn: row.withdrawn,
  }));
  return assertPayoutAllowed(claimId, listings);
}
