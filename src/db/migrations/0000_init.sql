-- Shared helpers used by later migrations.

-- Refuses UPDATE and DELETE on append-only tables (transfers, audit log). Superusers can still
-- disable the trigger, which is why the hash chains exist: tampering is caught by verify.
create or replace function suanli_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'table % is append-only: % refused', tg_table_name, tg_op
    using errcode = 'P0001';
end;
$$;
