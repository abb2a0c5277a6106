-- Idempotency-Key records of POST requests, per tenant (or per route for anonymous calls).
-- A row is `pending` while its request runs and `done` with the stored response afterwards;
-- requests that fail leave no row, so a retry runs again. Rows older than 24 h are replaced.
create table idempotency_keys (
  scope text not null,
  key text not null,
  request_hash text not null,
  state text not null check (state in ('pending', 'done')),
  response_status integer,
  response_content_type text,
  response_body text,
  created_at timestamptz not null,
  primary key (scope, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);
