-- Entries dropped from a 公示 list when it is published (issue 17, item 3). A list is drafted
-- (frozen) first and published later; a claim clawed back, rejected or partly clawed back in
-- between, or a grant voided or clawed back, no longer matches its entry. Publishing drops such
-- entries with the reason, so the public list always matches the ledger. Entries stay
-- append-only: the exclusion is a row of its own, also append-only.
create table publication_entry_exclusions (
  entry_id uuid primary key references publication_entries (id),
  publication_id uuid not null references publications (id),
  reason text not null check (length(reason) between 1 and 2000),
  excluded_at timestamptz not null
);
create index publication_entry_exclusions_publication_idx
  on publication_entry_exclusions (publication_id);
create trigger publication_entry_exclusions_append_only
  before update or delete on publication_entry_exclusions
  for each row execute function suanli_refuse_change();
