-- Section 12: large catalogs stay instant (FTS5 search over the menu and the customers) and
-- kitchen tickets routed to stations by menu category.

-- Full-text indexes. External content: the text lives once, in menu_items / customers; the FTS
-- tables hold only the index, kept in step by the triggers below (same statement, same
-- transaction). `remove_diacritics 2` lets "cafe" find "Café"; the prefix indexes make the
-- search-as-you-type queries ("c*", "ca*", "caf*") index lookups instead of term scans.
-- The rowid link is the tables' implicit rowid; SQLite keeps it through VACUUM INTO (backups)
-- and the online backup API. Should it ever drift, `INSERT INTO <fts>(<fts>) VALUES('rebuild')`
-- recreates an index from its table.
CREATE VIRTUAL TABLE menu_items_fts USING fts5(
  name,
  sku,
  content = 'menu_items',
  content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);

CREATE TRIGGER menu_items_fts_insert AFTER INSERT ON menu_items BEGIN
  INSERT INTO menu_items_fts (rowid, name, sku) VALUES (new.rowid, new.name, new.sku);
END;
CREATE TRIGGER menu_items_fts_delete AFTER DELETE ON menu_items BEGIN
  INSERT INTO menu_items_fts (menu_items_fts, rowid, name, sku)
    VALUES ('delete', old.rowid, old.name, old.sku);
END;
-- Only a change of an indexed column touches the index (a price change does not).
CREATE TRIGGER menu_items_fts_update AFTER UPDATE OF name, sku ON menu_items BEGIN
  INSERT INTO menu_items_fts (menu_items_fts, rowid, name, sku)
    VALUES ('delete', old.rowid, old.name, old.sku);
  INSERT INTO menu_items_fts (rowid, name, sku) VALUES (new.rowid, new.name, new.sku);
END;

INSERT INTO menu_items_fts (menu_items_fts) VALUES ('rebuild');

-- The phone's digits alone ("+1 (555) 010-0199" -> "15550100199"), so a number typed without
-- its spacing still finds the customer. The contract allows only digits and + ( ) . - space.
ALTER TABLE customers ADD COLUMN phone_digits TEXT GENERATED ALWAYS AS (
  replace(replace(replace(replace(replace(replace(phone, ' ', ''), '(', ''), ')', ''), '-', ''), '.', ''), '+', '')
) VIRTUAL;

CREATE VIRTUAL TABLE customers_fts USING fts5(
  name,
  phone,
  email,
  phone_digits,
  content = 'customers',
  content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);

CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
  INSERT INTO customers_fts (rowid, name, phone, email, phone_digits)
    VALUES (new.rowid, new.name, new.phone, new.email, new.phone_digits);
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
  INSERT INTO customers_fts (customers_fts, rowid, name, phone, email, phone_digits)
    VALUES ('delete', old.rowid, old.name, old.phone, old.email, old.phone_digits);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF name, phone, email ON customers BEGIN
  INSERT INTO customers_fts (customers_fts, rowid, name, phone, email, phone_digits)
    VALUES ('delete', old.rowid, old.name, old.phone, old.email, old.phone_digits);
  INSERT INTO customers_fts (rowid, name, phone, email, phone_digits)
    VALUES (new.rowid, new.name, new.phone, new.email, new.phone_digits);
END;

INSERT INTO customers_fts (customers_fts) VALUES ('rebuild');

-- Stations: where kitchen tickets print ("bar", "kitchen"). `printer` is the canonical address
-- (tcp://HOST:PORT, serial:PATH?baud=N, file:PATH) or 'none' for a station that has no
-- printer (a kitchen display only): it gets no tickets.
CREATE TABLE stations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  printer TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX stations_name ON stations (name COLLATE NOCASE);

-- A category's lines are printed at its station; NULL: no ticket for them.
ALTER TABLE menu_categories ADD COLUMN station_id TEXT REFERENCES stations (id);
CREATE INDEX menu_categories_station ON menu_categories (station_id) WHERE station_id IS NOT NULL;

-- A station's kitchen tickets print on that station's printer (read when the job is claimed, so
-- a retry after the station's printer was changed goes to the new one). NULL: this terminal's
-- own printer (receipts, test prints), as before.
ALTER TABLE print_jobs ADD COLUMN station_id TEXT REFERENCES stations (id);
CREATE INDEX print_jobs_station_live ON print_jobs (station_id, created_at)
  WHERE status = 'queued' AND station_id IS NOT NULL;
