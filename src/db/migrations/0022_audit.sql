-- The audit log (DESIGN §7): every state change, who, when, before/after and the request id,
-- hash-chained like the ledger so that `suanli audit verify` finds any edited or removed row.

create table audit_events (
  seq bigint primary key check (seq > 0),
  id uuid not null unique,
  occurred_at timestamptz not null,
  actor_user_id uuid,
  actor_tenant_id uuid,
  actor_via text not null check (actor_via in ('session', 'apiKey', 'system', 'cli')),
  action text not null check (action ~ '^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$'),
  entity_type text not null check (length(entity_type) between 1 and 64),
  entity_id text not null check (length(entity_id) between 1 and 200),
  entity_tenant_id uuid,
  -- Canonical JSON text (sorted keys, bigints as strings): hashed byte for byte, so not jsonb,
  -- which would reorder keys and renormalise numbers.
  before_json text,
  after_json text,
  request_id text,
  -- sha256(previous row's hash || canonical encoding of this row); see services/audit/chain.ts
  hash bytea not null
);
create index audit_events_entity_tenant_idx on audit_events (entity_tenant_id, seq);
create index audit_events_entity_idx on audit_events (entity_type, entity_id, seq);

create trigger audit_events_append_only before update or delete on audit_events
  for each row execute function suanli_refuse_change();
create trigger audit_events_no_truncate before truncate on audit_events
  for each statement execute function suanli_refuse_change();

-- Head of the chain, locked `for update` by every appender. Services that also write the ledger
-- call the ledger first and the audit recorder second inside one transaction (fixed lock order:
-- ledger accounts, ledger head, audit head), so two transactions never wait on each other's head.
create table audit_chain_head (
  singleton boolean primary key default true check (singleton),
  seq bigint not null,
  hash bytea not null
);
insert into audit_chain_head (singleton, seq, hash) values (true, 0, '\x'::bytea);
