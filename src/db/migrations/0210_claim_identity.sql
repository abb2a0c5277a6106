-- Claim identity and evidence metadata (issue 17, items 2, 4 and 5).
--
-- Contracts: a contract is between an enterprise and a provider, compared by a normalised id
-- (src/domain/vouchers/contract-identity.ts). One live claim per program, enterprise, provider
-- and key; another enterprise naming the same contract with the same provider is a risk flag
-- for the reviewer, not a refusal.
--
-- Invoices and payments: every proof is kept in its own row and the claim's totals are their
-- sums (a second payment used to replace the first). An invoice is identified by its 20-digit
-- number, or by its 8-digit number with its 10- or 12-digit code; it is unique among one
-- enterprise's live claims. The same invoice on another enterprise's claim is a risk flag: the
-- old global unique index answered "already claimed" for another tenant's invoice (an oracle)
-- and let the first enterprise squat the rightful owner's number.

-- The contract key in SQL, for the backfill below only: the services compute it in TypeScript
-- (contractKey), and test/claim-identity-backfill.test.ts checks that both agree. The class
-- lists the same characters as CONTRACT_ID_SEPARATORS (the ASCII hyphen first, as a literal).
create function suanli_contract_key(contract_id text) returns text
  language sql immutable strict parallel safe as $$
  select regexp_replace(
    normalize(lower(normalize(contract_id, NFKC)), NFKC),
    '[-\u0009-\u000D\u0020\u0085\u00A0\u00AD\u1680\u180E\u2000-\u200D\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF\u058A\u05BE\u1400\u1806\u2010-\u2015\u2043\u2212\u2E17\u2E1A\u2E3A\u2E3B\u2E40\u2E5D\u301C\u3030\u30A0\uFE31\uFE32\uFE58\uFE63\uFF0D\U00010D6E\U00010EAD]',
    '', 'g')
$$;

alter table voucher_claims add column contract_key text;
update voucher_claims set contract_key = suanli_contract_key(contract_id);
-- A contract id made only of dashes and spaces keys to itself (the new code refuses such ids).
update voucher_claims set contract_key = contract_id where contract_key = '';
-- Live claims that the old, exact comparison let through beside each other (`ZJZS-1` and
-- `zjzs-1` of one enterprise) keep their claims: the later ones get a key of their own, marked,
-- so the unique index can be built; the earliest holds the contract for new claims.
update voucher_claims c set contract_key = c.contract_key || '#legacy-' || c.id
  where c.state <> 'rejected' and exists (
    select 1 from voucher_claims d
     where d.program_id = c.program_id and d.enterprise_id = c.enterprise_id
       and d.provider_id = c.provider_id and d.contract_key = c.contract_key
       and d.state <> 'rejected' and (d.created_at, d.id) < (c.created_at, c.id));
alter table voucher_claims alter column contract_key set not null;
alter table voucher_claims add constraint voucher_claims_contract_key_length
  check (length(contract_key) between 1 and 900);

drop index voucher_claims_contract_idx;
-- One live claim per contract per program; a rejected claim frees the contract.
create unique index voucher_claims_contract_idx
  on voucher_claims (program_id, enterprise_id, provider_id, contract_key)
  where state <> 'rejected';
-- Finds other enterprises' claims on the same contract with the same provider.
create index voucher_claims_provider_contract_idx on voucher_claims (provider_id, contract_key);

-- The old guard keyed an invoice by its number alone, across every tenant.
drop index voucher_claims_invoice_idx;

create table voucher_claim_invoices (
  id uuid primary key,
  claim_id uuid not null references voucher_claims (id),
  -- Null for invoices recorded before this migration (their upload carried no file id here).
  attachment_id uuid references voucher_claim_attachments (id),
  enterprise_id uuid not null references tenants (id),
  provider_id uuid not null references tenants (id),
  invoice_code text,
  invoice_number text not null,
  amount_fen bigint not null check (amount_fen > 0),
  -- False once the claim is rejected (trigger below): a rejected claim frees its invoices.
  live boolean not null default true,
  created_at timestamptz not null,
  check (
    (invoice_number ~ '^[0-9]{20}$' and invoice_code is null)
    -- An 8-digit number without a code only from before this migration.
    or (invoice_number ~ '^[0-9]{8}$'
        and (invoice_code is null or invoice_code ~ '^([0-9]{10}|[0-9]{12})$'))
  )
);
create index voucher_claim_invoices_claim_idx on voucher_claim_invoices (claim_id);
-- An invoice subsidised once per enterprise (double-subsidy guard within a tenant).
create unique index voucher_claim_invoices_identity_idx
  on voucher_claim_invoices (enterprise_id, coalesce(invoice_code, ''), invoice_number)
  where live;
-- Finds the same invoice on other enterprises' claims.
create index voucher_claim_invoices_number_idx
  on voucher_claim_invoices (invoice_number, coalesce(invoice_code, '')) where live;

create table voucher_claim_payments (
  id uuid primary key,
  claim_id uuid not null references voucher_claims (id),
  attachment_id uuid references voucher_claim_attachments (id),
  amount_fen bigint not null check (amount_fen > 0),
  created_at timestamptz not null
);
create index voucher_claim_payments_claim_idx on voucher_claim_payments (claim_id);
create trigger voucher_claim_payments_append_only
  before update or delete on voucher_claim_payments
  for each row execute function suanli_refuse_change();

insert into voucher_claim_invoices
  (id, claim_id, enterprise_id, provider_id, invoice_code, invoice_number, amount_fen, live, created_at)
select gen_random_uuid(), id, enterprise_id, provider_id, null, invoice_number,
       invoice_amount_fen, state <> 'rejected', updated_at
  from voucher_claims where invoice_number is not null and invoice_amount_fen is not null;
insert into voucher_claim_payments (id, claim_id, amount_fen, created_at)
select gen_random_uuid(), id, paid_amount_fen, updated_at
  from voucher_claims where paid_amount_fen is not null;

create function suanli_release_rejected_claim_invoices() returns trigger
  language plpgsql as $$
begin
  update voucher_claim_invoices set live = false where claim_id = new.id and live;
  return new;
end
$$;
create trigger voucher_claims_release_invoices
  after update of state on voucher_claims
  for each row when (new.state = 'rejected' and old.state <> 'rejected')
  execute function suanli_release_rejected_claim_invoices();

-- What a reviewer should look at on a claim (src/domain/vouchers/risk-flags.ts). The related
-- claim and enterprise are another tenant's: shown to operator staff only, never in an error.
create table claim_risk_flags (
  id uuid primary key,
  claim_id uuid not null references voucher_claims (id),
  kind text not null check (kind in ('contract_shared', 'invoice_shared')),
  reason_zh text not null check (length(reason_zh) between 1 and 2000),
  reason_en text not null check (length(reason_en) between 1 and 2000),
  related_claim_id uuid not null references voucher_claims (id),
  related_enterprise_id uuid not null references tenants (id),
  created_at timestamptz not null,
  unique (claim_id, kind, related_claim_id)
);
create index claim_risk_flags_related_idx on claim_risk_flags (related_claim_id);
