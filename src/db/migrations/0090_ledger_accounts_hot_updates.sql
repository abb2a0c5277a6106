-- Every ledger batch updates the counters of every account it names, so an account row gets a
-- new version per batch (a busy budget account, thousands a minute). At the default fill factor
-- the pages are full, the new version lands on another page and every index of the table gets a
-- new entry for it: in bench:ledger only a fifth of the updates were HOT, the table grew to 279
-- pages for 1,002 accounts and the locking query that opens each batch read ever more of them.
-- With room left on each page the new version stays on the old one (a HOT update: no index
-- entry), and the old versions are pruned as the page is next read. Takes effect for pages
-- written from now on.
alter table ledger_accounts set (fillfactor = 50);
