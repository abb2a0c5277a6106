-- Usage reports the platform refused, one receipt each, so a provider sees per order what it
-- sent and why it was refused (USAGE_SIGNATURE_INVALID, SIGNING_KEY_REVOKED,
-- USAGE_REPORT_REPLAYED, USAGE_BEYOND_ORDER). A refusal moves no money; this receipt (and its
-- audit event) is all it leaves. Only reports about an order of the sending provider are kept.
create table exchange_usage_refusals (
  id uuid primary key,
  report_id uuid not null,
  order_id uuid not null references exchange_orders (id),
  provider_id uuid not null references providers (id),
  code text not null,
  period_from timestamptz not null,
  period_to timestamptz not null,
  card_hours int8 not null,
  received_at timestamptz not null
);
create index exchange_usage_refusals_order_idx on exchange_usage_refusals (order_id, received_at);
