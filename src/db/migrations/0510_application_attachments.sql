-- Files an enterprise attaches to a voucher application (a business plan, a provider's quote,
-- a signed contract): the reviewer reads them beside the policy trace. Like claim evidence the
-- bytes live in the content-addressed evidence store (docs/evidence.md) and the row holds the
-- metadata and the sha256 that names the file; the orphan sweep and the per-enterprise quotas
-- count these rows too. Append-only.
create table voucher_application_attachments (
  id uuid primary key,
  application_id uuid not null references voucher_applications (id),
  kind text not null check (kind in ('business-plan', 'quote', 'contract', 'other')),
  filename text not null check (length(filename) between 1 and 200),
  content_type text not null check (
    content_type in ('application/pdf', 'image/png', 'image/jpeg', 'application/xml', 'application/ofd')
  ),
  size_bytes integer not null check (size_bytes between 1 and 10485760),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid,
  created_at timestamptz not null
);
create index voucher_application_attachments_application_idx
  on voucher_application_attachments (application_id, created_at);
create index voucher_application_attachments_sha256_idx on voucher_application_attachments (sha256);
create trigger voucher_application_attachments_append_only
  before update or delete on voucher_application_attachments
  for each row execute function suanli_refuse_change();
