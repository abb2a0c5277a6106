-- People who sign in, their browser sessions and machine API keys (DESIGN §7). Every row
-- belongs to a tenant; secrets are stored only as hashes.

create table users (
  id uuid primary key,
  tenant_id uuid not null references tenants (id),
  -- Login is by email across the platform, so it is unique globally and stored lower-case.
  email text not null unique check (email = lower(email) and length(email) between 3 and 254),
  display_name text not null check (length(display_name) between 1 and 200),
  -- scrypt$N$r$p$salt$hash (base64url); see services/access/password.ts
  password_hash text not null,
  roles text[] not null check (cardinality(roles) between 1 and 6
    and roles <@ array['operator-admin', 'reviewer', 'auditor', 'enterprise-admin',
                       'enterprise-member', 'provider-admin']::text[]),
  created_by uuid,
  created_at timestamptz not null,
  disabled_at timestamptz
);
create index users_tenant_idx on users (tenant_id, id);

create table sessions (
  id uuid primary key,
  -- sha256 of the cookie value; the cookie itself is never stored.
  token_hash bytea not null unique,
  -- sha256 of the CSRF token bound to this session (synchroniser token).
  csrf_hash bytea not null,
  user_id uuid not null references users (id),
  tenant_id uuid not null references tenants (id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  check (expires_at > created_at)
);
create index sessions_user_idx on sessions (user_id);

create table api_keys (
  id uuid primary key,
  tenant_id uuid not null references tenants (id),
  created_by uuid not null references users (id),
  name text not null check (length(name) between 1 and 100),
  -- The first characters of the secret (`sk_AbCd1234`), for recognising a key in lists.
  prefix text not null,
  secret_hash bytea not null unique,
  scopes text[] not null check (cardinality(scopes) between 1 and 3
    and scopes <@ array['read', 'write', 'gateway']::text[]),
  created_at timestamptz not null,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_tenant_idx on api_keys (tenant_id, id);
