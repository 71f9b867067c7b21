#!/usr/bin/env node
// The yardstick of `npm run bench` (issue 13): a minimal node:http + better-sqlite3 server doing a
// 3-line order's transaction with Countertop's pragmas (WAL, synchronous=FULL, foreign keys): read
// the items' prices, insert the order, its lines and its first history row, COMMIT (one fsync per
// order), answer 201 with the order. For the full-sale figure it also takes a cash payment
// (POST /api/orders/:id/payment) and moves an order along the same state machine (PATCH
// /api/orders/:id/status), one transaction and one COMMIT each. No auth, no validation library, no
// framework.
// Usage: node raw-server.mjs PORT DATA_DIR   (prints "listening" when ready)
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const [port = '0', dir = '.'] = process.argv.slice(2);
const db = new Database(join(dir, 'raw.sqlite3'));
db.pragma('busy_timeout = 5000');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.exec(`
  create table if not exists menu_items (id text primary key, name text not null, price integer not null,
    tax_rate_bps integer not null, available integer not null);
  create table if not exists orders (id text primary key, number integer not null, business_day text not null,
    status text not null, subtotal integer not null, tax integer not null, total integer not null,
    created_by text not null, created_at text not null, updated_at text not null);
  create table if not exists order_items (id text primary key, order_id text not null references orders(id),
    menu_item_id text not null references menu_items(id), name text not null, unit_price integer not null,
    quantity integer not null, tax integer not null, line_total integer not null);
  create table if not exists order_history (id integer primary key, order_id text not null references orders(id),
    from_status text, to_status text not null, user_id text not null, at text not null);
  create index if not exists orders_day on orders(business_day, number);
  create table if not exists payments (id text primary key, order_id text not null references orders(id),
    method text not null, amount integer not null, tendered integer, created_at text not null);
  create index if not exists payments_order on payments(order_id);
`);
const seed = db.prepare('insert or ignore into menu_items values (?, ?, ?, ?, 1)');
for (let i = 1; i <= 3; i++) seed.run(`item-${i}`, `Item ${i}`, 300 + i * 25, 800);

const getItem = db.prepare('select * from menu_items where id = ? and available = 1');
const nextNumber = db.prepare(
  'select coalesce(max(number), 0) + 1 as n from orders where business_day = ?',
);
const insOrder = db.prepare(
  "insert into orders values (?, ?, ?, 'pending', ?, ?, ?, 'bench', ?, ?)",
);
const insItem = db.prepare('insert into order_items values (?, ?, ?, ?, ?, ?, ?, ?)');
const insHistory = db.prepare(
  "insert into order_history (order_id, from_status, to_status, user_id, at) values (?, null, 'pending', 'bench', ?)",
);
const createOrder = db.transaction((lines) => {
  const at = new Date().toISOString();
  const day = at.slice(0, 10);
  const id = randomUUID();
  const { n } = nextNumber.get(day);
  let subtotal = 0;
  let tax = 0;
  const rows = lines.map((l) => {
    const item = getItem.get(l.menuItemId);
    if (!item) throw new Error('unknown item');
    const line = item.price * l.quantity;
    const t = Math.round((line * item.tax_rate_bps) / 10000);
    subtotal += line;
    tax += t;
    return { id: randomUUID(), item, quantity: l.quantity, line, tax: t };
  });
  insOrder.run(id, n, day, subtotal, tax, subtotal + tax, at, at);
  for (const r of rows)
    insItem.run(r.id, id, r.item.id, r.item.name, r.item.price, r.quantity, r.tax, r.line);
  insHistory.run(id, at);
  return {
    id,
    number: n,
    status: 'pending',
    subtotal,
    tax,
    total: subtotal + tax,
    items: rows.length,
  };
});

const NEXT = {
  pending: ['in_queue', 'cancelled'],
  in_queue: ['in_progress', 'cancelled'],
  in_progress: ['ready', 'cancelled'],
  ready: ['completed', 'cancelled'],
};
const getOrder = db.prepare('select * from orders where id = ?');
const paidSoFar = db.prepare(
  'select coalesce(sum(amount), 0) as paid from payments where order_id = ?',
);
const insPayment = db.prepare("insert into payments values (?, ?, 'cash', ?, ?, ?)");
const insHistory2 = db.prepare(
  "insert into order_history (order_id, from_status, to_status, user_id, at) values (?, ?, ?, 'bench', ?)",
);
const setStatus = db.prepare('update orders set status = ?, updated_at = ? where id = ?');
const pay = db.transaction((orderId, amount, tendered) => {
  const order = getOrder.get(orderId);
  if (!order) throw new Error('no order');
  const { paid } = paidSoFar.get(orderId);
  if (paid + amount > order.total) throw new Error('overpayment');
  const id = randomUUID();
  insPayment.run(id, orderId, amount, tendered ?? null, new Date().toISOString());
  return { payment: { id, amount }, order: { id: orderId, paid: paid + amount } };
});
const move = db.transaction((orderId, to) => {
  const order = getOrder.get(orderId);
  if (!order || !(NEXT[order.status] ?? []).includes(to)) throw new Error('invalid transition');
  if (to === 'in_queue' && paidSoFar.get(orderId).paid < order.total) throw new Error('unpaid');
  const at = new Date().toISOString();
  setStatus.run(to, at, orderId);
  insHistory2.run(orderId, order.status, to, at);
  return { id: orderId, status: to };
});

function answer(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/api/diagnostics/ping') {
    db.prepare('select 1').get();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const m = /^\/api\/orders\/([^/]+)\/(payment|status)$/.exec(req.url ?? '');
      if (m?.[2] === 'payment') answer(res, 201, pay(m[1], body.amount, body.tendered));
      else if (m?.[2] === 'status') answer(res, 200, move(m[1], body.status));
      else answer(res, 201, createOrder(body.items));
    } catch (e) {
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: String(e) }));
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(port), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
