/**
 * Large catalogs stay instant (section 12): menu search over BENCH_MENU_ITEMS items (default
 * 50 000) and customer search over BENCH_CUSTOMERS customers (default 100 000), through the core
 * as GET /api/menu/items?q= and GET /api/customers?q= run them (FTS5, limited answers), beside
 * the old way (a LIKE scan) for scale.
 */
import { join } from 'node:path';
import { openApp } from '../../src-main/app';
import { listCustomers } from '../../src-main/core/customers/customers';
import { listMenuItems } from '../../src-main/core/menu/items';

const WORDS = [
  'café',
  'crème',
  'latte',
  'mocha',
  'chai',
  'matcha',
  'flat',
  'white',
  'iced',
  'oat',
  'vanilla',
  'caramel',
  'hazelnut',
  'croissant',
  'pain',
  'chocolat',
  'bagel',
  'toastie',
  'cheese',
  'ham',
  'salade',
  'niçoise',
  'crêpe',
  'brûlée',
  'muffin',
  'blueberry',
  'banana',
  'bread',
  'scone',
  'smoothie',
  'mango',
  'berry',
  'juice',
  'orange',
  'apple',
  'tea',
  'earl',
  'grey',
  'green',
  'mint',
];
const FIRST = ['Ann', 'Bob', 'Chloé', 'Dmitri', 'Émile', 'Fatima', 'Grace', 'Hiro', 'Inès', 'Jon'];
const LAST = ['Lee', 'Stone', 'Martin', 'Dupont', 'Zola', 'Okafor', 'Silva', 'Tanaka', 'Nguyen'];

async function rate(label: string, n: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < Math.min(50, n); i++) await fn(i); // warm up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const perSec = Math.round((n / ms) * 1000).toLocaleString('en-US');
  console.log(`${label.padEnd(48)} ${perSec.padStart(10)} ops/s  (${(ms / n).toFixed(4)} ms/op)`);
}

export async function benchSearch(dir: string): Promise<void> {
  const nItems = Number(process.env.BENCH_MENU_ITEMS ?? 50_000);
  const nCustomers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
  const app = openApp({ dataDir: join(dir, 'search'), env: { POS_JWT_SECRET: 'x'.repeat(48) } });
  const core = app.core;
  const db = core.dbh.sqlite;
  console.log(`\nSearch (section 12): ${nItems} menu items, ${nCustomers} customers\n`);
  const at = '2026-01-01T00:00:00.000Z';
  const w = (i: number) => WORDS[i % WORDS.length]!;
  let t0 = Date.now();
  const item = db.prepare(
    'INSERT INTO menu_items (id, name, price, sku, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (let i = 0; i < nItems; i++)
      item.run(
        `m${i}`,
        `${w(i)} ${w(i * 7 + 3)} ${w(i * 13 + 5)} ${i}`,
        100 + (i % 900),
        `SKU-${i}`,
        at,
        at,
      );
  })();
  const customer = db.prepare(
    'INSERT INTO customers (id, name, phone, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (let i = 0; i < nCustomers; i++) {
      const first = FIRST[i % FIRST.length]!;
      const last = LAST[(i * 7) % LAST.length]!;
      const phone = `+1 555 ${String(i).padStart(7, '0')}`;
      customer.run(
        `c${i}`,
        `${first} ${last} ${i}`,
        phone,
        `${first.toLowerCase()}.${i}@example.com`,
        at,
        at,
      );
    }
  })();
  console.log(`inserted (triggers keep the FTS indexes): ${Date.now() - t0} ms`);

  const menuQueries = ['caf', 'crème brû', 'latte oat', 'SKU-4242', 'zzz', 'croissant 1234'];
  await rate('menu ?q= (FTS5, limit 50), mixed queries', 2000, (i) =>
    listMenuItems(core, { q: menuQueries[i % menuQueries.length] }),
  );
  await rate('menu ?q=c (one letter: 50 of the most matches)', 200, () =>
    listMenuItems(core, { q: 'c' }),
  );
  const customerQueries = ['emile zola', 'ann', '5550012345', 'ines@ex', 'tanaka 99', 'nobody'];
  await rate('customers ?q= (FTS5, limit 50), mixed queries', 2000, (i) =>
    listCustomers(core, { q: customerQueries[i % customerQueries.length] }),
  );
  // The old way, for scale: a LIKE over every row for a name in the middle of the catalog.
  const like = db.prepare(
    "SELECT * FROM customers WHERE lower(name) LIKE ? ESCAPE '\\' OR lower(email) LIKE ? ESCAPE '\\' ORDER BY name LIMIT 50",
  );
  await rate('customers LIKE scan (the old search), for scale', 50, async () =>
    like.all('%zola 4242%', '%zola 4242%'),
  );
  t0 = Date.now();
  await listMenuItems(core, {});
  console.log(`whole menu without q (unchanged behaviour): ${Date.now() - t0} ms`);
  await app.close();
}
