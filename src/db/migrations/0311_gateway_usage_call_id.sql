-- A usage record is one call, keyed by an id the gateway gives it. It was keyed by the request id,
-- which the client may choose (x-request-id, for tracing): two calls under one name, of one
-- enterprise or of two, kept one record and dropped the other's, while both calls' money moved.
-- The request id stays on the record, as the trace's name; it has no index of its own, because no
-- view looks a record up by it and every index is paid by the settlement rounds' inserts. The id
-- is a UUIDv7 (time first), so new records go to the end of the key's index. Records written
-- before this migration get a random id here; their request ids were unique, so none was lost.
alter table gateway_usage_records add column id uuid;
update gateway_usage_records set id = gen_random_uuid();
alter table gateway_usage_records alter column id set not null;
alter table gateway_usage_records drop constraint gateway_usage_records_pkey;
alter table gateway_usage_records add primary key (id);
