-- Failed sign-ins (DESIGN §7): who was tried, from which address and why it failed, for the
-- auditor. Not in the hash-chained audit log: an unauthenticated caller would otherwise make
-- every audited change wait on the chain head, and these rows record attempts, not changes.
-- Never password material. Only attempts that reached the password check are written (the
-- rate limit refuses the rest first), so one address adds at most its limit per window.
create table login_attempts (
  id uuid primary key,
  attempted_at timestamptz not null,
  -- The email as tried (lower-cased), also when no user has it.
  email text not null check (length(email) <= 320),
  -- The user and tenant the email named, when it named one.
  user_id uuid,
  tenant_id uuid,
  client_address text not null check (length(client_address) <= 100),
  reason text not null check (reason in ('unknown_email', 'wrong_password', 'user_disabled')),
  request_id text
);
create index login_attempts_attempted_idx on login_attempts (attempted_at desc, id desc);
create index login_attempts_tenant_idx on login_attempts (tenant_id, attempted_at desc);
