-- One ledger batch in one statement (services/ledger/store.ts, `writeBatch`). The batch was
-- computed in Node on an assumed state: the accounts it names with their counters, and the
-- chain head. This function locks those accounts (id order) and the head, confirms the state
-- is exactly the assumed one, and only then writes the rows, the counters and the new head;
-- otherwise it writes nothing and answers 'stale', and the caller computes the batch again.
--
-- Why one statement: a batch computed ahead of time (the batcher's pipeline) is sent as soon
-- as it is ready and queues behind the batch in front in PostgreSQL's lock queue. When that
-- one commits, this one runs at once, without waiting for Node to read a lock result and send
-- the write, which it cannot do while it is busy computing the next batch. Outside a
-- transaction the call commits by itself: one round trip per batch instead of five.
--
-- Each statement of a plpgsql function takes a new snapshot (READ COMMITTED): the counters and
-- head read after the locks are the committed ones of whoever held the locks before.
--
-- plan_cache_mode: with the default (auto) the statements inside cost twice the CPU per row
-- once the function has run a few times on a connection (bench:ledger, 33.8 µs against 17.0
-- µs of PostgreSQL CPU per transfer; force_generic_plan: 23.1 µs). A custom plan per call is
-- planned once per batch of thousands of rows, so its planning cost does not count.
create function ledger_append_batch(
  assumed_head_seq bigint,
  assumed_head_hash text,
  named_ids uuid[],
  assumed_ids uuid[],
  assumed_dp bigint[],
  assumed_dpo bigint[],
  assumed_cp bigint[],
  assumed_cpo bigint[],
  failed_ids uuid[],
  row_ids uuid[],
  row_kinds text[],
  row_debits int[],
  row_credits int[],
  row_amounts bigint[],
  row_ledgers int[],
  row_codes int[],
  row_linked boolean[],
  row_pending_ids uuid[],
  row_timeouts int[],
  row_user_data text[],
  row_hashes text[],
  rows_created_at timestamptz,
  changed_ids uuid[],
  changed_dp bigint[],
  changed_dpo bigint[],
  changed_cp bigint[],
  changed_cpo bigint[]
) returns text language plpgsql
set plan_cache_mode = force_custom_plan
as $$
declare
  head_seq bigint;
  head_hash text;
  existing integer;
  matching integer;
  updated integer;
  conflict text;
begin
  perform 1 from (select id from ledger_accounts where id = any(named_ids) order by id
                  for update) as locked;
  select seq, encode(hash, 'hex') into head_seq, head_hash from ledger_chain_head for update;
  if head_seq <> assumed_head_seq or head_hash <> assumed_head_hash then
    return 'stale';
  end if;
  -- Every named account that exists was assumed, with exactly these counters.
  select count(*), count(u.id) into existing, matching
    from ledger_accounts a
    left join unnest(assumed_ids, assumed_dp, assumed_dpo, assumed_cp, assumed_cpo)
      as u(id, dp, dpo, cp, cpo)
      on u.id = a.id and a.debits_pending = u.dp and a.debits_posted = u.dpo
     and a.credits_pending = u.cp and a.credits_posted = u.cpo
   where a.id = any(named_ids);
  if existing <> cardinality(assumed_ids) or matching <> existing then
    return 'stale';
  end if;
  -- A failed transfer writes no row the unique index could catch: a stored id means a retry,
  -- whose answer is `exists`, not the failure computed.
  if exists (select 1 from ledger_transfers where id = any(failed_ids)) then
    return 'stale';
  end if;
  if cardinality(row_ids) = 0 then
    return 'written';
  end if;
  -- The batch assumed none of its ids stored (looking thousands up costs more than this
  -- block's savepoint); the unique index says otherwise.
  begin
    insert into ledger_transfers (seq, id, kind, debit_account_id, credit_account_id,
      amount_fen, ledger, code, linked, pending_id, timeout_seconds, user_data, created_at, hash)
    select assumed_head_seq + u.n, u.id, u.kind, changed_ids[u.debit], changed_ids[u.credit],
           u.amount, u.ledger, u.code, u.linked, u.pending_id, u.timeout, u.user_data,
           rows_created_at, decode(u.hash, 'hex')
      from unnest(row_ids, row_kinds, row_debits, row_credits, row_amounts, row_ledgers,
                  row_codes, row_linked, row_pending_ids, row_timeouts, row_user_data,
                  row_hashes) with ordinality
        as u(id, kind, debit, credit, amount, ledger, code, linked, pending_id, timeout,
             user_data, hash, n);
  exception when unique_violation then
    get stacked diagnostics conflict = constraint_name;
    if conflict = 'ledger_transfers_id_key' then
      return 'stale';
    end if;
    raise;
  end;
  update ledger_chain_head
     set seq = assumed_head_seq + cardinality(row_ids),
         hash = decode(row_hashes[cardinality(row_hashes)], 'hex');
  -- The limits are checked again on the values written: a short count is a bug in the state
  -- machine, and the whole batch fails.
  update ledger_accounts a
     set debits_pending = u.dp, debits_posted = u.dpo,
         credits_pending = u.cp, credits_posted = u.cpo
    from unnest(changed_ids, changed_dp, changed_dpo, changed_cp, changed_cpo)
      as u(id, dp, dpo, cp, cpo)
   where a.id = u.id
     and (not a.debits_must_not_exceed_credits or u.dp::numeric + u.dpo <= u.cpo)
     and (not a.credits_must_not_exceed_debits or u.cp::numeric + u.cpo <= u.dpo);
  get diagnostics updated = row_count;
  if updated <> cardinality(changed_ids) then
    raise exception 'ledger: guarded account update refused a row';
  end if;
  return 'written';
end;
$$;
