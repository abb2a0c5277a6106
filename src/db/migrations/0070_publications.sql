-- Publication (公示) of recipient lists with a public objection window (issue 4, item 3).
-- A publication belongs to the operator tenant that made it. Its entries are frozen when it is
-- created (append-only: the list the public saw is the list that stays on record); an entry is
-- withdrawn by an upheld objection, never by editing it.

create table publications (
  id uuid primary key,
  tenant_id uuid not null references tenants (id),
  program_id text not null check (length(program_id) between 1 and 200),
  period text not null check (period ~ '^[0-9]{4}(-(Q[1-4]|0[1-9]|1[0-2]))?$'),
  title text not null check (length(title) between 1 and 200),
  state text not null check (state in ('draft', 'published', 'closed')),
  objection_window_days integer not null check (objection_window_days between 1 and 30),
  entry_count integer not null check (entry_count >= 0),
  total_fen bigint not null check (total_fen >= 0),
  created_at timestamptz not null,
  created_by uuid,
  published_at timestamptz,
  objection_window_closes_at timestamptz,
  closed_at timestamptz,
  check ((state = 'draft') = (published_at is null)),
  check ((published_at is null) = (objection_window_closes_at is null)),
  check ((state = 'closed') = (closed_at is not null))
);
create index publications_program_idx on publications (program_id, period);
create index publications_public_idx on publications (published_at desc, id) where state <> 'draft';

create table publication_entries (
  id uuid primary key,
  publication_id uuid not null references publications (id),
  position integer not null check (position >= 1),
  claim_id uuid not null,
  grant_id uuid,
  enterprise_id uuid not null,
  recipient_name text not null,
  uscc text not null,
  region_code text not null,
  amount_fen bigint not null check (amount_fen > 0),
  purpose text not null,
  unique (publication_id, position),
  unique (publication_id, claim_id)
);
create index publication_entries_claim_idx on publication_entries (claim_id);
create index publication_entries_enterprise_idx on publication_entries (enterprise_id);
create trigger publication_entries_append_only
  before update or delete on publication_entries
  for each row execute function suanli_refuse_change();

create table publication_objections (
  id uuid primary key,
  publication_id uuid not null references publications (id),
  entry_id uuid references publication_entries (id),
  body text not null check (length(body) between 10 and 2000),
  contact text check (length(contact) <= 200),
  -- sha256 of the filer's network address with a server salt: enough to rate-limit and spot
  -- floods, not enough to identify anyone (objections are anonymous by design).
  submitter_hash text not null,
  state text not null check (state in ('open', 'upheld', 'dismissed')),
  submitted_at timestamptz not null,
  resolved_at timestamptz,
  resolved_by uuid,
  resolution_note text check (length(resolution_note) <= 2000),
  check ((state = 'open') = (resolved_at is null))
);
create index publication_objections_publication_idx on publication_objections (publication_id, state);
create index publication_objections_entry_idx on publication_objections (entry_id) where state = 'upheld';
create index publication_objections_submitter_idx on publication_objections (submitter_hash, submitted_at);
