-- Evidence files move out of the database into a content-addressed store on disk
-- (docs/evidence.md): a row keeps the metadata and the sha256 that names the file. Rows written
-- before this migration keep their bytes until the server moves them to the store at start;
-- readers take the bytes from the row while it still has them, else from the store.
alter table voucher_claim_attachments alter column bytes drop not null;

-- Still append-only, with one exception: clearing `bytes` once the same content is in the store,
-- every other column unchanged.
create or replace function voucher_claim_attachments_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and old.bytes is not null and new.bytes is null
     and (to_jsonb(new) - 'bytes') = (to_jsonb(old) - 'bytes') then
    return new;
  end if;
  raise exception 'table % is append-only: % refused', tg_table_name, tg_op
    using errcode = 'P0001';
end;
$$;
drop trigger voucher_claim_attachments_append_only on voucher_claim_attachments;
create trigger voucher_claim_attachments_append_only
  before update or delete on voucher_claim_attachments
  for each row execute function voucher_claim_attachments_guard();

-- The quotas add up an enterprise's evidence: its claims, then their files by day.
create index voucher_claim_attachments_claim_created_idx
  on voucher_claim_attachments (claim_id, created_at);
-- The orphan sweep asks which stored contents a row still names.
create index voucher_claim_attachments_sha256_idx on voucher_claim_attachments (sha256);
-- Every start asks for rows that still hold their bytes (moveLegacyEvidenceToStore): without
-- this, a scan of every attachment row at each start, long after the last one was moved.
create index voucher_claim_attachments_legacy_bytes_idx
  on voucher_claim_attachments (id) where bytes is not null;

-- Uploads streaming now, per enterprise: a lease on one of its numbered slots (its quota of
-- concurrent uploads), shared by every server process. A lease left by a process that died is
-- taken over once it is older than the longest upload (see upload-slots.ts).
create table evidence_upload_slots (
  enterprise_id uuid not null,
  slot integer not null check (slot between 1 and 100),
  lease_id uuid not null,
  taken_at timestamptz not null,
  primary key (enterprise_id, slot)
);
