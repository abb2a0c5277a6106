-- Voucher lifecycle (DESIGN §2.3): applications → review → grants (pending ledger reservations)
-- → claims with evidence → redemption → payout; expiry, void, clawback, blacklist.
-- Money is in the ledger; these tables hold the states, their history and the evidence. Every
-- state change writes one voucher_transitions row in the same transaction as its ledger
-- transfers (append-only).

-- A program's ledger accounts and its budget funding, created when the program is activated.
create table voucher_programs (
  program_id text primary key check (length(program_id) between 1 and 200),
  operator_tenant_id uuid references tenants (id),
  budget_fen bigint check (budget_fen is null or budget_fen > 0),
  disbursement text not null check (disbursement in ('reimburse-enterprise', 'pay-provider')),
  allocation text not null check (allocation in ('review', 'automatic', 'first-come')),
  treasury_account_id uuid not null,
  budget_account_id uuid not null,
  payable_account_id uuid not null,
  paid_out_account_id uuid not null,
  receivable_account_id uuid not null,
  penalty_account_id uuid not null,
  -- Expiry of grants made without a reviewer's date (automatic, first-come): the program's end.
  default_grant_expires_on date not null,
  activated_at timestamptz not null
);

-- Arrival order of submitted applications (first-come allocation is in this order).
create sequence voucher_arrival_seq;

create table voucher_applications (
  id uuid primary key,
  program_id text not null references voucher_programs (program_id),
  program_version integer not null check (program_version >= 1),
  enterprise_id uuid not null references tenants (id),
  state text not null
    check (state in ('draft', 'submitted', 'returned', 'approved', 'rejected', 'withdrawn')),
  requested_fen bigint not null check (requested_fen > 0),
  -- The eligibility pre-check's subsidy estimate on the planned purchase, and its trace.
  estimated_fen bigint not null check (estimated_fen >= 0),
  planned_purchase jsonb not null,
  eligibility_trace jsonb not null,
  purpose text not null check (length(purpose) between 1 and 2000),
  arrival_seq bigint unique,
  approved_fen bigint check (approved_fen is null or approved_fen > 0),
  decision_reason text check (length(decision_reason) <= 2000),
  created_by uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index voucher_applications_enterprise_idx on voucher_applications (enterprise_id, id);
create index voucher_applications_queue_idx on voucher_applications (program_id, state, arrival_seq);

create table voucher_grants (
  id uuid primary key,
  application_id uuid not null unique references voucher_applications (id),
  program_id text not null references voucher_programs (program_id),
  enterprise_id uuid not null references tenants (id),
  state text not null check (state in ('active', 'exhausted', 'expired', 'voided', 'clawed_back')),
  amount_fen bigint not null check (amount_fen > 0),
  account_id uuid not null unique,
  reservation_transfer_id uuid not null unique,
  -- Amount moved back to the budget when the grant closed (expiry or void).
  returned_fen bigint not null default 0 check (returned_fen >= 0),
  expires_at timestamptz not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index voucher_grants_enterprise_idx on voucher_grants (enterprise_id, id);
create index voucher_grants_expiry_idx on voucher_grants (state, expires_at);

create table voucher_claims (
  id uuid primary key,
  grant_id uuid not null references voucher_grants (id),
  program_id text not null references voucher_programs (program_id),
  enterprise_id uuid not null references tenants (id),
  provider_id uuid not null references tenants (id),
  state text not null check (
    state in ('draft', 'submitted', 'evidence_complete', 'redeemed', 'paid', 'rejected', 'clawed_back')
  ),
  contract_id text not null check (length(contract_id) between 1 and 200),
  contract_signed_on date not null,
  contract_amount_fen bigint not null check (contract_amount_fen > 0),
  purchase jsonb not null,
  invoice_number text,
  invoice_amount_fen bigint check (invoice_amount_fen is null or invoice_amount_fen > 0),
  paid_amount_fen bigint check (paid_amount_fen is null or paid_amount_fen > 0),
  reserved_fen bigint not null default 0 check (reserved_fen >= 0),
  redeemed_fen bigint not null default 0 check (redeemed_fen >= 0 and redeemed_fen <= reserved_fen),
  paid_fen bigint not null default 0 check (paid_fen >= 0 and paid_fen <= redeemed_fen),
  clawed_back_fen bigint not null default 0 check (clawed_back_fen >= 0),
  reservation_transfer_id uuid unique,
  policy_trace jsonb,
  created_by uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index voucher_claims_grant_idx on voucher_claims (grant_id);
create index voucher_claims_enterprise_idx on voucher_claims (enterprise_id, id);
-- One live claim per contract per program; a rejected claim frees the contract.
create unique index voucher_claims_contract_idx on voucher_claims (program_id, contract_id)
  where state <> 'rejected';
-- An invoice subsidised once, across all programs (double-subsidy guard).
create unique index voucher_claims_invoice_idx on voucher_claims (invoice_number)
  where invoice_number is not null and state <> 'rejected';

create table voucher_claim_attachments (
  id uuid primary key,
  claim_id uuid not null references voucher_claims (id),
  kind text not null check (kind in ('invoice', 'payment', 'delivery', 'contract')),
  filename text not null check (length(filename) between 1 and 200),
  content_type text not null check (
    content_type in ('application/pdf', 'image/png', 'image/jpeg', 'application/xml', 'text/xml', 'application/ofd')
  ),
  size_bytes integer not null check (size_bytes between 1 and 10485760),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  bytes bytea not null check (octet_length(bytes) = size_bytes),
  uploaded_by uuid,
  created_at timestamptz not null
);
create index voucher_claim_attachments_claim_idx on voucher_claim_attachments (claim_id);
create trigger voucher_claim_attachments_append_only
  before update or delete on voucher_claim_attachments
  for each row execute function suanli_refuse_change();

create table voucher_clawbacks (
  id uuid primary key,
  claim_id uuid not null references voucher_claims (id),
  amount_fen bigint not null check (amount_fen > 0),
  penalty_multiple_bps integer not null check (penalty_multiple_bps between 0 and 50000),
  penalty_fen bigint not null check (penalty_fen >= 0),
  reason text not null check (length(reason) between 1 and 2000),
  blacklisted boolean not null,
  created_by uuid,
  created_at timestamptz not null
);
create index voucher_clawbacks_claim_idx on voucher_clawbacks (claim_id);
create trigger voucher_clawbacks_append_only
  before update or delete on voucher_clawbacks
  for each row execute function suanli_refuse_change();

-- Blacklist: an enterprise barred from one program (program_id) or from all (null).
create table voucher_blacklist (
  id uuid primary key,
  enterprise_id uuid not null references tenants (id),
  program_id text,
  reason text not null check (length(reason) between 1 and 2000),
  until_at timestamptz,
  created_by uuid,
  created_at timestamptz not null
);
create unique index voucher_blacklist_scope_idx
  on voucher_blacklist (enterprise_id, coalesce(program_id, ''));

-- Every state change of an application, grant or claim (from, to, actor, reason, request id).
create table voucher_transitions (
  seq bigserial primary key,
  entity_type text not null check (entity_type in ('application', 'grant', 'claim')),
  entity_id uuid not null,
  action text not null check (length(action) between 1 and 40),
  from_state text,
  to_state text not null,
  actor_user_id uuid,
  actor_tenant_id uuid,
  reason text check (length(reason) <= 2000),
  request_id text check (length(request_id) <= 200),
  at timestamptz not null
);
create index voucher_transitions_entity_idx on voucher_transitions (entity_type, entity_id, seq);
create trigger voucher_transitions_append_only
  before update or delete on voucher_transitions
  for each row execute function suanli_refuse_change();

-- Expiry warnings at 30/14/7/0 days: one row per grant per threshold (idempotent job).
create table voucher_notifications (
  id uuid primary key,
  grant_id uuid not null references voucher_grants (id),
  enterprise_id uuid not null references tenants (id),
  kind text not null check (kind = 'grant_expiry'),
  threshold_days integer not null check (threshold_days in (30, 14, 7, 0)),
  expires_at timestamptz not null,
  created_at timestamptz not null,
  unique (grant_id, kind, threshold_days)
);
create index voucher_notifications_enterprise_idx on voucher_notifications (enterprise_id, created_at);
