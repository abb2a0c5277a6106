-- Parties: enterprises (buyers of compute and model services), providers (compute centres,
-- model-service companies), the people tied to them, and operator-declared links. An
-- enterprise's or provider's id is its tenant id. *_normalized columns hold the normal forms of
-- src/domain/parties/normalize.ts, written by the services, so related-party candidates are
-- found by index.

create table enterprises (
  id uuid primary key references tenants (id),
  uscc text not null unique check (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  name text not null check (length(name) between 1 and 200),
  region_code text not null check (region_code ~ '^[0-9]{6}$'),
  size text not null check (size in ('micro', 'small', 'medium', 'large')),
  founded_on date not null,
  industries text[] not null default '{}' check (cardinality(industries) <= 20),
  credit_record text not null default 'good'
    check (credit_record in ('good', 'poor', 'blacklisted')),
  legal_representative text check (length(legal_representative) <= 100),
  legal_representative_normalized text,
  phone text check (length(phone) <= 40),
  phone_normalized text,
  address text check (length(address) <= 300),
  address_normalized text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index enterprises_region_idx on enterprises (region_code);
create index enterprises_phone_idx on enterprises (phone_normalized);
create index enterprises_address_idx on enterprises (address_normalized);
create index enterprises_legal_representative_idx on enterprises (legal_representative_normalized);

create table providers (
  id uuid primary key references tenants (id),
  uscc text not null unique check (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  name text not null check (length(name) between 1 and 200),
  region_code text not null check (region_code ~ '^[0-9]{6}$'),
  kinds text[] not null
    check (cardinality(kinds) between 1 and 2 and kinds <@ array['compute', 'model']::text[]),
  accelerator_origins text[] not null default '{}'
    check (accelerator_origins <@ array['domestic', 'imported']::text[]),
  legal_representative text check (length(legal_representative) <= 100),
  legal_representative_normalized text,
  phone text check (length(phone) <= 40),
  phone_normalized text,
  address text check (length(address) <= 300),
  address_normalized text,
  created_at timestamptz not null
);
create index providers_phone_idx on providers (phone_normalized);
create index providers_address_idx on providers (address_normalized);
create index providers_legal_representative_idx on providers (legal_representative_normalized);

-- Ed25519 public keys a provider signs usage reports with. Keys are revoked, never deleted, so
-- old reports stay verifiable.
create table provider_signing_keys (
  id uuid primary key,
  provider_id uuid not null references providers (id),
  -- SHA-256 (hex) of the raw 32-byte public key: the key id reports name.
  fingerprint text not null unique check (fingerprint ~ '^[0-9a-f]{64}$'),
  public_key_pem text not null,
  label text not null default '' check (length(label) <= 100),
  created_at timestamptz not null,
  revoked_at timestamptz
);
create index provider_signing_keys_provider_idx on provider_signing_keys (provider_id);

-- Legal representatives, shareholders and contacts of enterprises and providers.
create table party_people (
  id uuid primary key,
  party_id uuid not null references tenants (id),
  name text not null check (length(name) between 1 and 100),
  name_normalized text not null,
  role text not null check (role in ('legal_representative', 'shareholder', 'contact')),
  -- SHA-256 (hex) of the normalised identity document number; the number is not stored.
  id_document_hash text check (id_document_hash ~ '^[0-9a-f]{64}$'),
  phone text check (length(phone) <= 40),
  phone_normalized text,
  created_at timestamptz not null
);
create index party_people_party_idx on party_people (party_id);
create index party_people_name_idx on party_people (name_normalized);
create index party_people_document_idx on party_people (id_document_hash);
create index party_people_phone_idx on party_people (phone_normalized);

-- Operator-declared related parties; stored once per pair with party_a_id < party_b_id.
create table related_party_links (
  id uuid primary key,
  party_a_id uuid not null references tenants (id),
  party_b_id uuid not null references tenants (id),
  reason text not null check (length(reason) between 1 and 500),
  declared_by uuid,
  created_at timestamptz not null,
  check (party_a_id < party_b_id),
  unique (party_a_id, party_b_id)
);
create index related_party_links_b_idx on related_party_links (party_b_id);

-- One row per enterprise or provider: what related-party detection compares.
create view parties as
  select id, 'enterprise'::text as kind, uscc, name, legal_representative,
         legal_representative_normalized, phone, phone_normalized, address, address_normalized
    from enterprises
  union all
  select id, 'provider'::text as kind, uscc, name, legal_representative,
         legal_representative_normalized, phone, phone_normalized, address, address_normalized
    from providers;
