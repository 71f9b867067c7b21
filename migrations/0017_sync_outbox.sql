-- Issue 16, the till's side of the store hub (docs/hub.md). A joined till pushes its own facts
-- through this outbox: an AFTER trigger on every pushed table (PUSHED_ENTITIES in
-- src-shared/hub-protocol.ts) writes (seq, entity, key, op) in the same transaction as the
-- change, so no code path can forget one and a rolled-back change leaves no entry. The sync
-- worker sends the rows' states in seq order and deletes entries once the hub answered that it
-- committed them.

-- One row: where this till stands with its hub. `applying_pull` is set only inside the
-- transaction that applies a pull page (so those rows are not echoed back to the hub) and is
-- never committed as 1. `stopped` says why syncing stopped until someone acts ('protocol':
-- the hub speaks a newer protocol, update this till; 'hub_outdated': this till speaks a newer
-- one than the hub, update the hub; 'revoked': the hub revoked this till).
CREATE TABLE sync_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  joined INTEGER NOT NULL DEFAULT 0 CHECK (joined IN (0, 1)),
  applying_pull INTEGER NOT NULL DEFAULT 0 CHECK (applying_pull IN (0, 1)),
  acked_seq INTEGER NOT NULL DEFAULT 0 CHECK (acked_seq >= 0),
  catalog_version INTEGER NOT NULL DEFAULT 0 CHECK (catalog_version >= 0),
  offline_since TEXT,
  last_error TEXT,
  last_push_at TEXT,
  last_pull_at TEXT,
  stopped TEXT CHECK (stopped IN ('protocol', 'hub_outdated', 'revoked'))
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

-- AUTOINCREMENT: a number is never reused, even after the newest entries were sent and deleted;
-- after a restore the sequence is moved above the hub's acked seq (sqlite_sequence).
CREATE TABLE sync_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  entity TEXT NOT NULL,
  key TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete'))
) STRICT;

-- The outbox triggers, three per pushed table; the key is the row's primary key as text.
CREATE TRIGGER orders_sync_insert AFTER INSERT ON orders WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('orders', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER orders_sync_update AFTER UPDATE ON orders WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('orders', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER orders_sync_delete AFTER DELETE ON orders WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('orders', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER order_items_sync_insert AFTER INSERT ON order_items WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('order_items', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER order_items_sync_update AFTER UPDATE ON order_items WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('order_items', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER order_items_sync_delete AFTER DELETE ON order_items WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('order_items', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER order_item_modifiers_sync_insert AFTER INSERT ON order_item_modifiers WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('order_item_modifiers', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER order_item_modifiers_sync_update AFTER UPDATE ON order_item_modifiers WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('order_item_modifiers', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER order_item_modifiers_sync_delete AFTER DELETE ON order_item_modifiers WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('order_item_modifiers', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER order_discounts_sync_insert AFTER INSERT ON order_discounts WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('order_discounts', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER order_discounts_sync_update AFTER UPDATE ON order_discounts WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('order_discounts', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER order_discounts_sync_delete AFTER DELETE ON order_discounts WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('order_discounts', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER order_history_sync_insert AFTER INSERT ON order_history WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('order_history', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER order_history_sync_update AFTER UPDATE ON order_history WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('order_history', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER order_history_sync_delete AFTER DELETE ON order_history WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('order_history', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER payments_sync_insert AFTER INSERT ON payments WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('payments', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER payments_sync_update AFTER UPDATE ON payments WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('payments', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER payments_sync_delete AFTER DELETE ON payments WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('payments', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER refunds_sync_insert AFTER INSERT ON refunds WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('refunds', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER refunds_sync_update AFTER UPDATE ON refunds WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('refunds', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER refunds_sync_delete AFTER DELETE ON refunds WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('refunds', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER cash_sessions_sync_insert AFTER INSERT ON cash_sessions WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('cash_sessions', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER cash_sessions_sync_update AFTER UPDATE ON cash_sessions WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('cash_sessions', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER cash_sessions_sync_delete AFTER DELETE ON cash_sessions WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('cash_sessions', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER cash_movements_sync_insert AFTER INSERT ON cash_movements WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('cash_movements', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER cash_movements_sync_update AFTER UPDATE ON cash_movements WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('cash_movements', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER cash_movements_sync_delete AFTER DELETE ON cash_movements WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('cash_movements', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER cash_no_sales_sync_insert AFTER INSERT ON cash_no_sales WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('cash_no_sales', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER cash_no_sales_sync_update AFTER UPDATE ON cash_no_sales WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('cash_no_sales', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER cash_no_sales_sync_delete AFTER DELETE ON cash_no_sales WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('cash_no_sales', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER drawer_openings_sync_insert AFTER INSERT ON drawer_openings WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('drawer_openings', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER drawer_openings_sync_update AFTER UPDATE ON drawer_openings WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('drawer_openings', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER drawer_openings_sync_delete AFTER DELETE ON drawer_openings WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('drawer_openings', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER z_reports_sync_insert AFTER INSERT ON z_reports WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('z_reports', CAST(NEW.number AS TEXT), 'upsert');
END;
CREATE TRIGGER z_reports_sync_update AFTER UPDATE ON z_reports WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('z_reports', CAST(NEW.number AS TEXT), 'upsert');
END;
CREATE TRIGGER z_reports_sync_delete AFTER DELETE ON z_reports WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('z_reports', CAST(OLD.number AS TEXT), 'delete');
END;

CREATE TRIGGER inventory_ledger_sync_insert AFTER INSERT ON inventory_ledger WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('inventory_ledger', CAST(NEW.seq AS TEXT), 'upsert');
END;
CREATE TRIGGER inventory_ledger_sync_update AFTER UPDATE ON inventory_ledger WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('inventory_ledger', CAST(NEW.seq AS TEXT), 'upsert');
END;
CREATE TRIGGER inventory_ledger_sync_delete AFTER DELETE ON inventory_ledger WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('inventory_ledger', CAST(OLD.seq AS TEXT), 'delete');
END;

CREATE TRIGGER customers_sync_insert AFTER INSERT ON customers WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('customers', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER customers_sync_update AFTER UPDATE ON customers WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('customers', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER customers_sync_delete AFTER DELETE ON customers WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('customers', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER attendance_entries_sync_insert AFTER INSERT ON attendance_entries WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('attendance_entries', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER attendance_entries_sync_update AFTER UPDATE ON attendance_entries WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('attendance_entries', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER attendance_entries_sync_delete AFTER DELETE ON attendance_entries WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('attendance_entries', CAST(OLD.id AS TEXT), 'delete');
END;

CREATE TRIGGER audit_log_sync_insert AFTER INSERT ON audit_log WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('audit_log', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER audit_log_sync_update AFTER UPDATE ON audit_log WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('audit_log', CAST(NEW.id AS TEXT), 'upsert');
END;
CREATE TRIGGER audit_log_sync_delete AFTER DELETE ON audit_log WHEN (SELECT joined = 1 AND applying_pull = 0 FROM sync_state WHERE id = 1) BEGIN
  INSERT INTO sync_outbox (entity, key, op) VALUES ('audit_log', CAST(OLD.id AS TEXT), 'delete');
END;
