-- Publications of approved grants (拟支持名单公示), besides redeemed claims (兑付名单公示).
-- A grant-list entry names a grant and no claim; an upheld objection to it withdraws the grant's
-- entry and blocks the payout of every claim under that grant.
alter table publications
  add column source text not null default 'claims' check (source in ('claims', 'grants'));
alter table publication_entries alter column claim_id drop not null;
alter table publication_entries
  add constraint publication_entries_subject_check check (claim_id is not null or grant_id is not null);
create unique index publication_entries_grant_uniq on publication_entries (publication_id, grant_id)
  where claim_id is null;
create index publication_entries_grant_idx on publication_entries (grant_id);
