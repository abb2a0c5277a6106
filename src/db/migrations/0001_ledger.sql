-- Double-entry ledger (DESIGN §4, TigerBeetle's model). The service computes every batch in
-- TypeScript over rows it has locked; the constraints here are the backstop that holds even
-- if that code were wrong.

create table ledger_accounts (
  id uuid primary key,
  ledger integer not null check (ledger > 0),
  code integer not null check (code > 0),
  debits_must_not_exceed_credits boolean not null default false,
  credits_must_not_exceed_debits boolean not null default false,
  user_data text not null default '' check (length(user_data) <= 256),
  debits_pending bigint not null default 0 check (debits_pending >= 0),
  debits_posted bigint not null default 0 check (debits_posted >= 0),
  credits_pending bigint not null default 0 check (credits_pending >= 0),
  credits_posted bigint not null default 0 check (credits_posted >= 0),
  created_at timestamptz not null default now(),
  check (not (debits_must_not_exceed_credits and credits_must_not_exceed_debits)),
  -- numeric: the sum of two bigints may itself be out of bigint range.
  check (not debits_must_not_exceed_credits
         or debits_pending::numeric + debits_posted <= credits_posted),
  check (not credits_must_not_exceed_debits
         or credits_pending::numeric + credits_posted <= debits_posted)
);

-- Accounts are never deleted (their transfers reference them), and only counters change. The
-- WHEN clause is evaluated without calling the function, so counter updates stay cheap.
create trigger ledger_accounts_fields_fixed before update on ledger_accounts
  for each row
  when (new.id <> old.id or new.ledger <> old.ledger or new.code <> old.code
        or new.debits_must_not_exceed_credits <> old.debits_must_not_exceed_credits
        or new.credits_must_not_exceed_debits <> old.credits_must_not_exceed_debits
        or new.user_data <> old.user_data or new.created_at <> old.created_at)
  execute function suanli_refuse_change();
create trigger ledger_accounts_no_delete before delete on ledger_accounts
  for each row execute function suanli_refuse_change();

-- Transfers are append-only. A post, void or expiry of a pending transfer is its own row
-- naming `pending_id`; the unique index makes "one resolution per pending" a database fact.
-- No foreign keys to accounts: the service has the accounts locked when it inserts, the
-- per-row RI checks would cost a third of the insert throughput, and verify checks them.
create table ledger_transfers (
  seq bigint primary key check (seq > 0),
  id uuid not null unique,
  kind text not null check (kind in ('single', 'pending', 'post', 'void', 'expire')),
  debit_account_id uuid not null,
  credit_account_id uuid not null,
  amount_fen bigint not null check (amount_fen > 0),
  ledger integer not null check (ledger > 0),
  code integer not null check (code > 0),
  linked boolean not null default false,
  pending_id uuid,
  timeout_seconds integer not null default 0 check (timeout_seconds >= 0),
  user_data text not null default '',
  created_at timestamptz not null,
  -- sha256(previous row's hash || canonical encoding of this row); see services/ledger/chain.ts
  hash bytea not null,
  check (debit_account_id <> credit_account_id),
  check ((kind in ('post', 'void', 'expire')) = (pending_id is not null)),
  check (kind = 'pending' or timeout_seconds = 0)
);
create unique index ledger_transfers_resolution_idx on ledger_transfers (pending_id)
  where pending_id is not null;
create index ledger_transfers_debit_idx on ledger_transfers (debit_account_id, seq);
create index ledger_transfers_credit_idx on ledger_transfers (credit_account_id, seq);
create index ledger_transfers_timeout_idx on ledger_transfers (created_at)
  where kind = 'pending' and timeout_seconds > 0;

create trigger ledger_transfers_append_only before update or delete on ledger_transfers
  for each row execute function suanli_refuse_change();
create trigger ledger_transfers_no_truncate before truncate on ledger_transfers
  for each statement execute function suanli_refuse_change();

-- Head of the hash chain: locked `for update` after the accounts (fixed lock order: accounts by
-- id, then the head), which serialises appenders and makes `seq` gap-free.
create table ledger_chain_head (
  singleton boolean primary key default true check (singleton),
  seq bigint not null,
  hash bytea not null
);
insert into ledger_chain_head (singleton, seq, hash) values (true, 0, '\x'::bytea);
