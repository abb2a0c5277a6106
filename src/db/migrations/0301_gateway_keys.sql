-- Gateway API keys (`sk-suanli-…`): an enterprise's, optionally for one of its projects, stored
-- as sha256 like the platform's API keys, shown once, revocable, with their limits.
create table gateway_keys (
  id uuid primary key,
  enterprise_id uuid not null references enterprises (id),
  project text check (length(project) between 1 and 100),
  name text not null check (length(name) between 1 and 100),
  -- The first characters of the secret, for recognising a key in lists.
  prefix text not null,
  secret_hash bytea not null unique,
  requests_per_minute integer not null check (requests_per_minute between 1 and 1000000),
  tokens_per_minute bigint not null check (tokens_per_minute between 1 and 10000000000),
  spend_limit_day_fen bigint check (spend_limit_day_fen > 0),
  spend_limit_month_fen bigint check (spend_limit_month_fen > 0),
  -- Null: created by the platform (the demo seeder), not by a person.
  created_by uuid references users (id),
  created_at timestamptz not null,
  revoked_at timestamptz
);
create index gateway_keys_enterprise_idx on gateway_keys (enterprise_id, id);

-- Use of each key's limits per time window, shared by every gateway process: a process takes a
-- slice of a window's allowance with one guarded upsert (`used + slice <= limit`) and spends
-- it in memory, so the limits hold across processes and the hot path rarely waits on the
-- database. Units: requests, tokens, or millionths of a fen for spend.
create table gateway_key_windows (
  key_id uuid not null references gateway_keys (id),
  dimension text not null check (dimension in ('requests', 'tokens', 'spend-day', 'spend-month')),
  window_start timestamptz not null,
  used bigint not null check (used >= 0),
  -- What the last statement on the row granted: the upsert returns it (RETURNING sees only
  -- the new row, and SET expressions see the old one).
  last_grant bigint not null check (last_grant >= 0),
  primary key (key_id, dimension, window_start)
);
create index gateway_key_windows_start_idx on gateway_key_windows (window_start);
