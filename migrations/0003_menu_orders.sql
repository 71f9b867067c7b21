-- Menu, customers, the stock items recipes point at, orders with their lines and history.
CREATE TABLE menu_categories (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;

-- Quantities of stock are integer thousandths (exact to 3 decimals, no float drift).
CREATE TABLE inventory_items (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  on_hand_milli INTEGER NOT NULL DEFAULT 0,
  low_stock_threshold_milli INTEGER NOT NULL DEFAULT 0 CHECK (low_stock_threshold_milli >= 0),
  last_unit_cost INTEGER CHECK (last_unit_cost IS NULL OR last_unit_cost >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE menu_items (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  price INTEGER NOT NULL CHECK (price >= 0),
  category_id TEXT REFERENCES menu_categories (id),
  sku TEXT,
  available INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0, 1)),
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  tax_rate_bps INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bps BETWEEN 0 AND 10000),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX menu_items_sku ON menu_items (sku) WHERE sku IS NOT NULL;
CREATE INDEX menu_items_category ON menu_items (category_id);

CREATE TABLE menu_item_recipes (
  menu_item_id TEXT NOT NULL REFERENCES menu_items (id) ON DELETE CASCADE,
  inventory_item_id TEXT NOT NULL REFERENCES inventory_items (id),
  quantity_milli INTEGER NOT NULL CHECK (quantity_milli > 0),
  PRIMARY KEY (menu_item_id, inventory_item_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  phone TEXT,
  email TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX customers_name ON customers (name COLLATE NOCASE);

CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  -- The business day in the shop's time zone (YYYY-MM-DD); numbers restart each day.
  business_day TEXT NOT NULL,
  number INTEGER NOT NULL CHECK (number >= 1),
  status TEXT NOT NULL CHECK (status IN ('pending', 'in_queue', 'in_progress', 'ready', 'completed', 'refunded', 'cancelled')),
  subtotal INTEGER NOT NULL CHECK (subtotal >= 0),
  tax INTEGER NOT NULL CHECK (tax >= 0),
  total INTEGER NOT NULL CHECK (total >= 0),
  paid INTEGER NOT NULL DEFAULT 0 CHECK (paid >= 0),
  refunded INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0),
  customer_id TEXT REFERENCES customers (id),
  note TEXT,
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- When completion consumed the recipes (once).
  consumed_at TEXT,
  UNIQUE (business_day, number)
) STRICT;
CREATE INDEX orders_created_at ON orders (created_at);
CREATE INDEX orders_status_created_at ON orders (status, created_at);
CREATE INDEX orders_customer ON orders (customer_id, created_at);
-- The kitchen queue: only the few live orders are in this index, however many are in the past.
CREATE INDEX orders_live ON orders (created_at, id) WHERE status IN ('in_queue', 'in_progress', 'ready');

CREATE TABLE order_items (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  menu_item_id TEXT NOT NULL REFERENCES menu_items (id),
  name TEXT NOT NULL,
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 999),
  tax_rate_bps INTEGER NOT NULL CHECK (tax_rate_bps BETWEEN 0 AND 10000),
  line_total INTEGER NOT NULL CHECK (line_total >= 0),
  line_tax INTEGER NOT NULL CHECK (line_tax >= 0),
  note TEXT,
  -- The recipe as it was when the order was made: [{inventoryItemId, quantityMilli}] per unit.
  recipe TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(recipe)),
  UNIQUE (order_id, position)
) STRICT;
CREATE INDEX order_items_menu_item ON order_items (menu_item_id);

CREATE TABLE order_history (
  id INTEGER PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  from_status TEXT,
  to_status TEXT NOT NULL,
  at TEXT NOT NULL,
  by TEXT REFERENCES users (id),
  reason TEXT
) STRICT;
CREATE INDEX order_history_order ON order_history (order_id, id);

-- Every order change gets a monotonically increasing seq (the kitchen display's change feed).
CREATE TABLE order_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX order_changes_order ON order_changes (order_id);
