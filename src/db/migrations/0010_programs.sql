-- Subsidy programs and their versions. A version is immutable once published (UPDATE and
-- DELETE refused by trigger); a change is a new version with its own effective dates. The YAML
-- text is the source of truth and is kept verbatim; `definition` is its validated JSON form
-- (fen as strings) for queries and reports.
create table programs (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name_zh text not null,
  name_en text not null,
  region_code text not null check (region_code ~ '^[1-9][0-9]{5}$'),
  latest_version integer not null check (latest_version >= 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table program_versions (
  program_id text not null references programs (id),
  version integer not null check (version >= 1),
  effective_from date not null,
  effective_to date check (effective_to is null or effective_to >= effective_from),
  fiscal_year integer not null,
  budget_fen bigint check (budget_fen is null or budget_fen >= 0),
  definition jsonb not null,
  yaml text not null,
  checksum text not null unique check (checksum ~ '^[0-9a-f]{64}$'),
  published_at timestamptz not null,
  published_by text not null check (length(published_by) between 1 and 200),
  primary key (program_id, version)
);
create index program_versions_in_force_idx on program_versions (program_id, effective_from);

create trigger program_versions_immutable
  before update or delete on program_versions
  for each row execute function suanli_refuse_change();
