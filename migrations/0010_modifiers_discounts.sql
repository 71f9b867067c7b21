-- Section 12, "the menu a counter needs": modifier groups, discounts, tips, hold and recall.

-- A modifier group (Size, Milk, Extras) and its options with their price deltas (minor units,
-- per unit of the item, never negative: a base price is the cheapest choice).
CREATE TABLE modifier_groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  min_choices INTEGER NOT NULL DEFAULT 0 CHECK (min_choices >= 0),
  max_choices INTEGER NOT NULL DEFAULT 1 CHECK (max_choices >= 1 AND max_choices >= min_choices),
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE modifier_options (
  id TEXT PRIMARY KEY,
  group_id TEXT NOT NULL REFERENCES modifier_groups (id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  price_delta INTEGER NOT NULL CHECK (price_delta >= 0),
  available INTEGER NOT NULL DEFAULT 1 CHECK (available IN (0, 1)),
  -- A removed option stays for the orders that point at it; it is simply no longer offered.
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
) STRICT;
CREATE INDEX modifier_options_group ON modifier_options (group_id, position);

-- Which groups a menu item offers, in the order the till shows them.
CREATE TABLE menu_item_modifier_groups (
  menu_item_id TEXT NOT NULL REFERENCES menu_items (id) ON DELETE CASCADE,
  group_id TEXT NOT NULL REFERENCES modifier_groups (id),
  position INTEGER NOT NULL,
  PRIMARY KEY (menu_item_id, group_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX menu_item_modifier_groups_group ON menu_item_modifier_groups (group_id);

-- The chosen options of an order line, COPIED (names and deltas) like the line's own price, so a
-- later menu change never alters an order.
CREATE TABLE order_item_modifiers (
  id INTEGER PRIMARY KEY,
  order_item_id TEXT NOT NULL REFERENCES order_items (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  group_id TEXT NOT NULL,
  group_name TEXT NOT NULL,
  option_id TEXT NOT NULL,
  name TEXT NOT NULL,
  price_delta INTEGER NOT NULL CHECK (price_delta >= 0),
  UNIQUE (order_item_id, position)
) STRICT;

-- Per line: Σ modifier deltas per unit (so line_total = (unit_price + modifier_total) × quantity)
-- and the line's whole discount (its own discounts plus its share of the order's).
ALTER TABLE order_items ADD COLUMN modifier_total INTEGER NOT NULL DEFAULT 0 CHECK (modifier_total >= 0);
ALTER TABLE order_items ADD COLUMN discount INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0);

-- Per order: Σ discounts (total = subtotal − discount + tax) and the hold (meaningful while pending).
ALTER TABLE orders ADD COLUMN discount INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0);
ALTER TABLE orders ADD COLUMN held_at TEXT;
ALTER TABLE orders ADD COLUMN held_by TEXT REFERENCES users (id);
ALTER TABLE orders ADD COLUMN hold_note TEXT;
CREATE INDEX orders_held ON orders (created_at, id) WHERE held_at IS NOT NULL AND status = 'pending';

-- Discounts as given: `value` is basis points for a percent (1000 = 10 %) or minor units for an
-- amount; `amount` is what it comes to now (recomputed whenever the order's discounts change).
CREATE TABLE order_discounts (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  -- NULL: an order discount, spread over the lines; else the one line it applies to.
  order_item_id TEXT REFERENCES order_items (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('percent', 'amount')),
  value INTEGER NOT NULL CHECK (value >= 1 AND (kind = 'amount' OR value <= 10000)),
  amount INTEGER NOT NULL CHECK (amount >= 0),
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users (id),
  removed_at TEXT,
  removed_by TEXT REFERENCES users (id),
  removed_reason TEXT
) STRICT;
CREATE INDEX order_discounts_order ON order_discounts (order_id, created_at);

-- A tip rides on a card or mobile payment: charged with it, never part of the order's balance.
ALTER TABLE payments ADD COLUMN tip INTEGER NOT NULL DEFAULT 0 CHECK (tip >= 0 AND (tip = 0 OR method <> 'cash'));
-- The sales report's tips total (only tipped payments are in it).
CREATE INDEX payments_tips ON payments (created_at, tip) WHERE tip > 0;
