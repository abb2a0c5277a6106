-- Proof of possession for provider signing keys: a key is registered only with a signature, made
-- with its private key, over a challenge the server issued for that provider and that key.
-- Keys registered before this migration carry proven_at null: whoever proves possession of such
-- a key reclaims it, and the earlier registration is revoked as 'reclaimed' (and audited).
alter table provider_signing_keys add column proven_at timestamptz;
alter table provider_signing_keys add column revocation_reason text
  check (revocation_reason in ('revoked', 'reclaimed'));
update provider_signing_keys set revocation_reason = 'revoked' where revoked_at is not null;
alter table provider_signing_keys add constraint provider_signing_keys_revoked_with_reason
  check ((revoked_at is null) = (revocation_reason is null));
-- One live registration per key (a reclaimed one stays, revoked, beside the new one), and one
-- row per provider and key.
alter table provider_signing_keys drop constraint provider_signing_keys_fingerprint_key;
create unique index provider_signing_keys_live_fingerprint_idx
  on provider_signing_keys (fingerprint) where revoked_at is null;
create unique index provider_signing_keys_provider_fingerprint_idx
  on provider_signing_keys (provider_id, fingerprint);

-- Challenges: random, single-use, short-lived, bound to one provider and one key. The text the
-- key signs is stored as issued, so verification never rebuilds it.
create table provider_signing_key_challenges (
  id uuid primary key,
  provider_id uuid not null references providers (id),
  fingerprint text not null check (fingerprint ~ '^[0-9a-f]{64}$'),
  challenge text not null check (length(challenge) <= 1000),
  created_by uuid references users (id),
  created_at timestamptz not null,
  expires_at timestamptz not null check (expires_at > created_at),
  used_at timestamptz
);
create index provider_signing_key_challenges_provider_idx
  on provider_signing_key_challenges (provider_id, expires_at);
