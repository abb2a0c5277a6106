-- The MaaS gateway's model catalog (docs/gateway.md). One row is one upstream offering of a
-- public model id: several rows may share a `model_id` (routing and fallback pick among them).
-- A model-service provider owns its rows; the upstream's API key is stored only encrypted
-- (AES-256-GCM under GATEWAY_SECRET_KEY: 12-byte IV, 16-byte tag, ciphertext).
create table gateway_models (
  id uuid primary key,
  -- What clients send as `model`: letters, digits and . _ : / - (OpenAI ids look like this).
  model_id text not null check (model_id ~ '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$'),
  provider_id uuid not null references providers (id),
  upstream_base_url text not null
    check (upstream_base_url ~ '^https?://' and length(upstream_base_url) <= 500),
  upstream_model text not null check (length(upstream_model) between 1 and 200),
  upstream_api_key_encrypted bytea,
  -- Fen per million tokens; the gateway carries a call's cost exactly (millionths of a fen).
  input_price_fen_per_million bigint not null check (input_price_fen_per_million >= 0),
  output_price_fen_per_million bigint not null check (output_price_fen_per_million >= 0),
  cached_input_price_fen_per_million bigint not null
    check (cached_input_price_fen_per_million >= 0),
  context_tokens_max integer not null check (context_tokens_max between 1 and 100000000),
  output_tokens_max integer not null check (output_tokens_max between 1 and 100000000),
  kind text not null default 'chat' check (kind in ('chat', 'embedding')),
  -- 备案: the model is filed with the Cyberspace Administration; the number when it is.
  filed boolean not null,
  filing_number text check (length(filing_number) between 1 and 100),
  accelerator_origin text not null check (accelerator_origin in ('domestic', 'imported')),
  region_code text not null check (region_code ~ '^[0-9]{6}$'),
  -- Fixed-order routing tries lower numbers first.
  route_order integer not null default 100 check (route_order between 0 and 10000),
  status text not null default 'active' check (status in ('active', 'disabled')),
  health text not null default 'unknown' check (health in ('unknown', 'up', 'down')),
  health_checked_at timestamptz,
  health_latency_ms integer check (health_latency_ms >= 0),
  health_error text check (length(health_error) <= 500),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (not filed or filing_number is not null)
);
create index gateway_models_model_idx on gateway_models (model_id, route_order);
create index gateway_models_provider_idx on gateway_models (provider_id, id);
-- One provider offers one public model id once per upstream model at one base URL.
create unique index gateway_models_offer_idx
  on gateway_models (model_id, provider_id, upstream_base_url, upstream_model);
