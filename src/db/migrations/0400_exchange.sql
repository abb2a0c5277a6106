-- The compute exchange (docs/exchange.md): the accelerator catalog, provider offers with their
-- free cards per hourly slot, enterprise requests, orders (contracts), signed usage reports,
-- invoices and provider payouts. Money columns are fen (int8); instants are whole hours.

create table exchange_accelerators (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  vendor text not null check (length(vendor) between 1 and 100),
  model text not null check (length(model) between 1 and 100),
  origin text not null check (origin in ('domestic', 'imported')),
  memory_gb int not null check (memory_gb > 0),
  fp16_dense_tflops int not null check (fp16_dense_tflops > 0),
  power_watts int not null check (power_watts > 0),
  updated_at timestamptz not null
);

create table exchange_offers (
  id uuid primary key,
  provider_id uuid not null references providers (id),
  accelerator_id text not null references exchange_accelerators (id),
  card_count int not null check (card_count > 0),
  region_code text not null check (region_code ~ '^[0-9]{6}$'),
  hub text,
  pue_milli int not null check (pue_milli between 1000 and 3000),
  green_share_bps int not null check (green_share_bps between 0 and 10000),
  price_per_card_hour_fen int8 not null check (price_per_card_hour_fen > 0),
  available_from timestamptz not null,
  available_to timestamptz not null check (available_to > available_from),
  min_term_hours int not null check (min_term_hours > 0),
  splittable boolean not null,
  -- Cards in one node: a job that may not span nodes (splittable false) gets at most this many.
  cards_per_node int not null check (cards_per_node between 1 and card_count),
  state text not null check (state in ('open', 'withdrawn')),
  created_at timestamptz not null
);
create index exchange_offers_provider_idx on exchange_offers (provider_id);

-- Free cards of an offer in each hourly slot of its window. A buy-now takes cards from every
-- hour of its window in one guarded update (cards_free >= asked); the check is the backstop, so
-- two buy-nows can never sell the same card-hour.
create table exchange_offer_hours (
  offer_id uuid not null references exchange_offers (id),
  hour_start timestamptz not null,
  cards_free int not null check (cards_free >= 0),
  primary key (offer_id, hour_start)
);

create table exchange_requests (
  id uuid primary key,
  enterprise_id uuid not null references enterprises (id),
  grant_id uuid,
  quantity_unit text not null check (quantity_unit in ('scu', 'card-hours')),
  quantity int8 not null check (quantity > 0),
  accelerator_ids text[] not null,
  domestic_only boolean not null,
  region_codes text[] not null,
  latency_class text not null check (latency_class in ('local', 'regional', 'national')),
  window_from timestamptz not null,
  window_to timestamptz not null check (window_to > window_from),
  -- The most the enterprise pays after subsidy, per card-hour or per SCU.
  max_price_per text not null check (max_price_per in ('card-hour', 'scu')),
  max_price_fen int8 not null check (max_price_fen > 0),
  splittable boolean not null,
  state text not null check (state in ('open', 'matched', 'cancelled')),
  created_at timestamptz not null
);
create index exchange_requests_open_idx on exchange_requests (created_at) where state = 'open';

-- An order is the contract between the enterprise and the provider: its contract number is the
-- contract id a voucher claim names (contract_key as voucher_claims keys it).
create table exchange_orders (
  id uuid primary key,
  contract_number text not null unique,
  contract_key text not null,
  enterprise_id uuid not null references enterprises (id),
  provider_id uuid not null references providers (id),
  offer_id uuid not null references exchange_offers (id),
  request_id uuid references exchange_requests (id),
  accelerator_id text not null,
  chip_origin text not null check (chip_origin in ('domestic', 'imported')),
  cards int not null check (cards > 0),
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  card_hours int8 not null check (card_hours > 0),
  price_per_card_hour_fen int8 not null check (price_per_card_hour_fen > 0),
  amount_fen int8 not null check (amount_fen > 0),
  subsidy_mode text not null check (subsidy_mode in ('none', 'pay-provider', 'reimburse-enterprise')),
  program_id text,
  grant_id uuid,
  claim_id uuid,
  subsidy_fen int8 not null check (subsidy_fen between 0 and amount_fen),
  policy_trace jsonb,
  state text not null check (state in ('active', 'cancelled', 'completed')),
  settled_card_hours int8 not null default 0 check (settled_card_hours between 0 and card_hours),
  settled_fen int8 not null default 0 check (settled_fen >= 0),
  settled_subsidy_fen int8 not null default 0 check (settled_subsidy_fen between 0 and subsidy_fen),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index exchange_orders_contract_key_idx on exchange_orders (contract_key);
create index exchange_orders_enterprise_idx on exchange_orders (enterprise_id);
create index exchange_orders_provider_idx on exchange_orders (provider_id);

-- Signed usage reports, accepted once each (report id from the provider: a replay is refused).
create table exchange_usage_reports (
  id uuid primary key,
  order_id uuid not null references exchange_orders (id),
  provider_id uuid not null references providers (id),
  signing_key_id uuid not null references provider_signing_keys (id),
  period_from timestamptz not null,
  period_to timestamptz not null check (period_to > period_from),
  card_hours int8 not null check (card_hours > 0),
  meters jsonb not null,
  canonical text not null,
  signature text not null,
  received_at timestamptz not null
);
create index exchange_usage_reports_order_idx on exchange_usage_reports (order_id);

-- One invoice record per settled report: what the provider bills, the subsidy's share, the
-- enterprise's share.
create table exchange_invoices (
  id uuid primary key,
  usage_report_id uuid not null unique references exchange_usage_reports (id),
  order_id uuid not null references exchange_orders (id),
  provider_id uuid not null references providers (id),
  enterprise_id uuid not null references enterprises (id),
  amount_fen int8 not null check (amount_fen > 0),
  subsidy_fen int8 not null check (subsidy_fen >= 0),
  enterprise_fen int8 not null check (enterprise_fen >= 0),
  subsidy_mode text not null,
  transfer_id uuid,
  issued_at timestamptz not null
);
create index exchange_invoices_provider_idx on exchange_invoices (provider_id, issued_at);

-- Provider payouts: one per provider per Shanghai day at most (the scheduled run is idempotent).
create table exchange_payouts (
  id uuid primary key,
  provider_id uuid not null references providers (id),
  payout_day date not null,
  amount_fen int8 not null check (amount_fen > 0),
  transfer_id uuid not null,
  paid_at timestamptz not null,
  unique (provider_id, payout_day)
);

-- The catalog the platform starts with (src/domain/exchange/accelerators.ts `seedAccelerators`,
-- which test/exchange-catalog.test.ts keeps equal): vendor-reported peak dense FP16 TFLOPS and
-- board power. Operators edit it through PUT /api/v1/exchange/accelerators/{id}.
insert into exchange_accelerators (id, vendor, model, origin, memory_gb, fp16_dense_tflops, power_watts, updated_at) values
  ('nvidia-h100-sxm', 'NVIDIA', 'H100 SXM', 'imported', 80, 989, 700, '2026-01-01T00:00:00Z'),
  ('nvidia-h800-sxm', 'NVIDIA', 'H800 SXM', 'imported', 80, 989, 700, '2026-01-01T00:00:00Z'),
  ('nvidia-a100-sxm', 'NVIDIA', 'A100 SXM', 'imported', 80, 312, 400, '2026-01-01T00:00:00Z'),
  ('nvidia-a800-sxm', 'NVIDIA', 'A800 SXM', 'imported', 80, 312, 400, '2026-01-01T00:00:00Z'),
  ('nvidia-h20', 'NVIDIA', 'H20', 'imported', 96, 148, 400, '2026-01-01T00:00:00Z'),
  ('nvidia-l40s', 'NVIDIA', 'L40S', 'imported', 48, 362, 350, '2026-01-01T00:00:00Z'),
  ('ascend-910b', 'Huawei', 'Ascend 910B', 'domestic', 64, 320, 400, '2026-01-01T00:00:00Z'),
  ('ascend-910', 'Huawei', 'Ascend 910 (2019)', 'domestic', 32, 256, 310, '2026-01-01T00:00:00Z');
