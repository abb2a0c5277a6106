-- What the last clearing run told each side (docs/exchange.md, "Clearing"): for a request, the
-- constraint that bound it and the next-best offer with its price after subsidy; for an offer,
-- the card-hours sold and free, why the rest did not sell and the offer that won instead.
-- Written by every clearing run for the requests and offers it considered; null until then.
alter table exchange_requests add column clearing_explanation jsonb;
alter table exchange_offers add column clearing_explanation jsonb;
