-- MaaS gateway usage: one row per model call, written in batches by the gateway's meter in the
-- same transaction as the ledger transfers that settle it (so the money spent always equals the
-- sum of these rows). Idempotent by request id. Costs are exact in millionths of a fen (µfen);
-- the *_fen columns are the whole fen this call added to its lease's tab (docs/gateway-money.md).
create table gateway_usage_records (
  request_id text primary key check (length(request_id) between 1 and 200),
  enterprise_id uuid not null references tenants (id),
  project_id text check (length(project_id) <= 200),
  key_id text check (length(key_id) <= 200),
  model_id text not null check (length(model_id) between 1 and 200),
  provider_id uuid not null,
  program_id text,
  grant_id uuid,
  lease_id uuid not null,
  status text not null check (status in ('ok', 'client-aborted', 'upstream-failed', 'refused')),
  input_tokens integer not null check (input_tokens >= 0),
  output_tokens integer not null check (output_tokens >= 0),
  cached_input_tokens integer not null check (cached_input_tokens between 0 and input_tokens),
  latency_ms integer not null check (latency_ms >= 0),
  first_token_ms integer check (first_token_ms >= 0),
  rate_bps integer not null check (rate_bps between 0 and 10000),
  cost_micro_fen bigint not null check (cost_micro_fen >= 0),
  voucher_micro_fen bigint not null check (voucher_micro_fen >= 0),
  wallet_micro_fen bigint not null check (wallet_micro_fen >= 0),
  billed_fen bigint not null check (billed_fen >= 0),
  billed_voucher_fen bigint not null check (billed_voucher_fen >= 0),
  billed_wallet_fen bigint not null check (billed_wallet_fen >= 0),
  created_at timestamptz not null,
  check (voucher_micro_fen + wallet_micro_fen = cost_micro_fen),
  check (billed_voucher_fen + billed_wallet_fen = billed_fen)
);
create index gateway_usage_enterprise_time_idx on gateway_usage_records (enterprise_id, created_at);
create index gateway_usage_program_idx on gateway_usage_records (program_id, created_at)
  where program_id is not null;
create index gateway_usage_provider_idx on gateway_usage_records (provider_id, created_at);
