-- Sign-in throttling instead of the account lockout (src/domain/access/login-throttle.ts has the
-- numbers and why brute force stays infeasible). In the database rather than in a process's
-- memory so the limits hold across API processes and restarts.
--
-- One row per counter: (email, client key) for a pair, (email, '*') for an account over every
-- address, ('*', client key) for an address over every email. A client key is the client
-- address, IPv6 by its /64 prefix. An attempt is counted before its password is checked (so
-- parallel attempts cannot slip past) and taken back when it succeeds.
create table login_throttles (
  email text not null check (length(email) <= 320),
  client_key text not null check (length(client_key) <= 100),
  failures integer not null check (failures >= 0),
  window_started_at timestamptz not null,
  last_failure_at timestamptz not null,
  -- The pair's next try is refused before this (account and address rows keep it unused).
  blocked_until timestamptz not null,
  primary key (email, client_key),
  check (email <> '*' or client_key <> '*')
);
-- Every counter is dead a day after its last failure: the pruning reads this index.
create index login_throttles_last_failure_idx on login_throttles (last_failure_at);

-- The addresses each account signed in from (30 days): exempt from the account and address
-- ceilings, so an attacker who fills them does not lock the owner out of their usual places.
create table login_known_clients (
  email text not null check (length(email) <= 320),
  client_key text not null check (length(client_key) <= 100),
  last_success_at timestamptz not null,
  primary key (email, client_key)
);

-- A failed sign-in now also says what throttling it started, for the auditor: the wait it
-- imposed on the next try of its email from its address, and the ceiling it filled, if any.
alter table login_attempts
  add column throttle_seconds integer not null default 0 check (throttle_seconds >= 0),
  add column ceiling text check (ceiling in ('account', 'address'));
