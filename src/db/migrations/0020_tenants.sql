-- Every row of tenant data belongs to a tenant: the operator (bureau or its contracted
-- platform company), an enterprise, or a provider. Enterprises and providers use their
-- tenant id as their own id.
create table tenants (
  id uuid primary key,
  kind text not null check (kind in ('operator', 'enterprise', 'provider')),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);
create index tenants_kind_idx on tenants (kind);
