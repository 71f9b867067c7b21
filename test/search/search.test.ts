/**
 * Large catalogs stay instant (API §12): menu and customer search through SQLite FTS5, over HTTP
 * against a real database — accents, prefixes, hostile query text, the index kept in step by the
 * triggers, and the query plan proving the index does the finding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, MenuItem } from '../../src-shared/contract/menu';
import { customersQuery } from '../../src-main/core/customers/customers';
import { menuItemsQuery } from '../../src-main/core/menu/items';
import { loadMigrations } from '../../src-main/db/migrator';
import { ftsMatch, MAX_TERMS, searchTerms } from '../../src-main/core/search/fts-query';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

let ts: TestServer;
let manager: string;
let cashier: string;
let kitchen: string;
const PW = 'correct-horse-1';

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({ username: 'manager', password: PW, role: 'manager' });
  await ts.createUser({ username: 'cashier', password: PW, role: 'cashier' });
  await ts.createUser({ username: 'kitchen', password: PW, role: 'kitchen' });
  [manager, cashier, kitchen] = await Promise.all([
    ts.token('manager', PW),
    ts.token('cashier', PW),
    ts.token('kitchen', PW),
  ]);
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

const sqlite = () => ts.app.core.dbh.sqlite;

async function newItem(body: Record<string, unknown>): Promise<MenuItem> {
  const res = await ts.request<MenuItem>('/api/menu/items', { body, token: manager });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function findItems(q: string, extra = ''): Promise<{ status: number; names: string[] }> {
  const res = await ts.request<{ items: MenuItem[] }>(
    `/api/menu/items?q=${encodeURIComponent(q)}${extra}`,
    { token: kitchen },
  );
  return { status: res.status, names: res.status === 200 ? res.body.items.map((i) => i.name) : [] };
}

/** FTS5's own consistency check of an external-content index against its table. */
function integrityCheck(fts: 'menu_items_fts' | 'customers_fts'): void {
  sqlite().prepare(`INSERT INTO ${fts} (${fts}, rank) VALUES ('integrity-check', 1)`).run();
}

describe('the query sanitiser', () => {
  it('keeps only words, each a quoted prefix term', () => {
    expect(ftsMatch('caf')).toBe('"caf"*');
    expect(ftsMatch('  Café   Crème ')).toBe('"café"* "crème"*');
    expect(ftsMatch('"a" OR b* NOT c^ NEAR(d e) col:f -g +h')).toBe(
      '"a"* "or"* "b"* "not"* "c"* "near"* "d"* "e"*',
    );
  });

  it('gives null for text without a word, and caps the number of terms', () => {
    expect(ftsMatch('%')).toBeNull();
    expect(ftsMatch('"*()')).toBeNull();
    expect(searchTerms('a b c d e f g h i j k')).toHaveLength(MAX_TERMS);
    expect(searchTerms('Tea tea TEA')).toEqual(['tea']);
  });
});

describe('menu search: GET /api/menu/items?q=', () => {
  let archived: MenuItem;

  beforeAll(async () => {
    await newItem({ name: 'Café crème', price: 380, sku: 'CAF-CREME' });
    await newItem({ name: 'Cafe latte', price: 420 });
    await newItem({ name: 'Croissant', price: 275, sku: 'BAK-1' });
    await newItem({ name: 'Iced tea', price: 300 });
    archived = await newItem({ name: 'Café noisette', price: 350 });
    expect(
      (
        await ts.request(`/api/menu/items/${archived.id}/archive`, {
          method: 'POST',
          token: manager,
        })
      ).status,
    ).toBe(200);
  });

  it('finds by word prefix, ignoring accents and case, in name order', async () => {
    expect(await findItems('caf')).toEqual({ status: 200, names: ['Cafe latte', 'Café crème'] });
    expect(await findItems('CAFÉ')).toEqual({ status: 200, names: ['Cafe latte', 'Café crème'] });
    expect(await findItems('creme')).toEqual({ status: 200, names: ['Café crème'] });
    expect(await findItems('caf cr')).toEqual({ status: 200, names: ['Café crème'] });
    expect(await findItems('latte caf')).toEqual({ status: 200, names: ['Cafe latte'] });
    expect(await findItems('zzz')).toEqual({ status: 200, names: [] });
  });

  it('searches the sku too, and shows archived items only when asked', async () => {
    expect((await findItems('bak')).names).toEqual(['Croissant']);
    expect((await findItems('noisette')).names).toEqual([]);
    expect((await findItems('noisette', '&includeArchived=true')).names).toEqual(['Café noisette']);
  });

  it('answers FTS syntax, quotes and operators as plain text, never a 500', async () => {
    for (const q of [
      '"',
      '""',
      '*',
      'caf*',
      '"caf',
      'caf"',
      'AND',
      'OR caf',
      'NOT',
      'NEAR(',
      'caf AND',
      '(caf',
      'name:caf',
      '-caf',
      '^caf',
      "caf'",
      '\\',
      '%',
      '_',
      '🙂',
    ]) {
      const res = await findItems(q);
      expect(res.status, q).toBe(200);
    }
    expect((await findItems('caf*')).names).toEqual(['Cafe latte', 'Café crème']);
    expect((await findItems('"café crème"')).names).toEqual(['Café crème']);
    expect((await findItems('name:croiss')).names).toEqual([]); // "name" is a word, not a column
  });

  it('limits the answer (default 50, ?limit= up to 200), and without q lists the whole menu', async () => {
    expect((await findItems('caf', '&limit=1')).names).toEqual(['Cafe latte']);
    expect((await findItems('caf', '&limit=0')).status).toBe(422);
    expect((await findItems('caf', '&limit=201')).status).toBe(422);
    const many = 60;
    const insert = sqlite().prepare(
      `INSERT INTO menu_items (id, name, price, created_at, updated_at)
       VALUES (?, ?, 100, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    sqlite().transaction(() => {
      for (let i = 0; i < many; i++)
        insert.run(`bulk-${i}`, `Bulk item ${String(i).padStart(2, '0')}`);
    })();
    expect((await findItems('bulk')).names).toHaveLength(50);
    expect((await findItems('bulk', '&limit=200')).names).toHaveLength(many);
    const all = await ts.request<{ items: MenuItem[] }>('/api/menu/items', { token: kitchen });
    expect(all.body.items).toHaveLength(4 + many);
  });

  it('follows renames, sku changes and deletes (the triggers keep the index in step)', async () => {
    // Its own item: the other tests search for the ones beforeAll made, in any order.
    const mocha = await newItem({ name: 'Mocha royale', price: 450, sku: 'MOC-ROY' });
    expect((await findItems('royale')).names).toEqual(['Mocha royale']);
    const patched = await ts.request<MenuItem>(`/api/menu/items/${mocha.id}`, {
      method: 'PATCH',
      body: { name: 'Flat white', sku: 'FW-1' },
      token: manager,
    });
    expect(patched.status).toBe(200);
    expect((await findItems('royale')).names).toEqual([]);
    expect((await findItems('MOC-ROY')).names).toEqual([]);
    expect((await findItems('flat')).names).toEqual(['Flat white']);
    expect((await findItems('fw 1')).names).toEqual(['Flat white']);
    // A price change does not touch the index but must not break it either.
    await ts.request(`/api/menu/items/${mocha.id}`, {
      method: 'PATCH',
      body: { price: 390 },
      token: manager,
    });
    sqlite().prepare("DELETE FROM menu_items WHERE id LIKE 'bulk-%'").run();
    expect((await findItems('bulk')).names).toEqual([]);
    integrityCheck('menu_items_fts');
  });

  it('is found by the FTS index, not a scan of the menu', () => {
    const compiled = menuItemsQuery(ts.app.core.dbh.db, { q: 'caf cr' }).compile();
    const plan = (
      sqlite()
        .prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`)
        .all(...compiled.parameters) as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan).toContain('SEARCH menu_items USING INTEGER PRIMARY KEY (rowid=?)');
    expect(plan.some((d) => /^SCAN menu_items_fts VIRTUAL TABLE INDEX \d+:M/.test(d))).toBe(true);
    expect(plan.filter((d) => /^SCAN menu_items\b(?!_fts)/.test(d))).toEqual([]);
    expect(compiled.sql).toMatch(/limit \?$/);
  });
});

describe('customer search and update', () => {
  const mk = async (body: Record<string, unknown>) => {
    const res = await ts.request<Customer>('/api/customers', { body, token: cashier });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const search = async (q: string) => {
    const res = await ts.request<{ customers: Customer[] }>(
      `/api/customers?q=${encodeURIComponent(q)}`,
      { token: kitchen },
    );
    expect(res.status, q).toBe(200);
    return res.body.customers.map((c) => c.name);
  };
  let zoe: Customer;

  beforeAll(async () => {
    zoe = await mk({ name: 'Zoë Ångström', phone: '+1 (555) 010-0199', email: 'zoe@cafe.example' });
    await mk({ name: 'Zack Brown', phone: '555 0142' });
  });

  it('finds by accent-free prefix, phone as written or as bare digits, and email', async () => {
    expect(await search('zoe')).toEqual(['Zoë Ångström']);
    expect(await search('angst')).toEqual(['Zoë Ångström']);
    expect(await search('z')).toEqual(['Zack Brown', 'Zoë Ångström']);
    expect(await search('555')).toEqual(['Zack Brown', 'Zoë Ångström']);
    expect(await search('15550100')).toEqual(['Zoë Ångström']);
    expect(await search('010-0199')).toEqual(['Zoë Ångström']);
    expect(await search('zoe@cafe')).toEqual(['Zoë Ångström']);
    expect(await search('zoe"')).toEqual(['Zoë Ångström']);
    expect(await search('(zoe*)')).toEqual(['Zoë Ångström']);
  });

  it('PATCH /api/customers/:id changes and clears fields; the search follows', async () => {
    const res = await ts.request<Customer>(`/api/customers/${zoe.id}`, {
      method: 'PATCH',
      body: { name: 'Zoë Martin', phone: null },
      token: cashier,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...zoe,
      name: 'Zoë Martin',
      phone: null,
      updatedAt: expect.any(String),
    });
    expect(await search('angst')).toEqual([]);
    expect(await search('martin')).toEqual(['Zoë Martin']);
    expect(await search('15550100')).toEqual([]);
    expect(await search('zoe@cafe')).toEqual(['Zoë Martin']); // untouched email still found
    const got = await ts.request<Customer>(`/api/customers/${zoe.id}`, { token: kitchen });
    expect(got.body).toEqual(res.body);
    integrityCheck('customers_fts');
  });

  it('PATCH refuses bad input (422), needs customers.manage (403), 404 for unknown', async () => {
    const patch = (id: string, body: unknown, token = cashier) =>
      ts.request<{ error: { code: string } }>(`/api/customers/${id}`, {
        method: 'PATCH',
        body,
        token,
      });
    const before = await ts.request<Customer>(`/api/customers/${zoe.id}`, { token: kitchen });
    for (const body of [{ name: '' }, { email: 'nope' }, { phone: 'call me' }, { vip: true }])
      expect((await patch(zoe.id, body)).status, JSON.stringify(body)).toBe(422);
    expect((await patch(zoe.id, { name: 'K' }, kitchen)).status).toBe(403);
    const missing = await patch('no-such-id', { name: 'K' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    // Nothing was written by any refusal.
    const after = await ts.request<Customer>(`/api/customers/${zoe.id}`, { token: kitchen });
    expect(after.body).toEqual(before.body);
  });

  it('is found by the FTS index, not a scan of the customers', () => {
    const compiled = customersQuery(ts.app.core.dbh.db, { q: 'zoe 555' }).compile();
    const plan = (
      sqlite()
        .prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`)
        .all(...compiled.parameters) as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan).toContain('SEARCH customers USING INTEGER PRIMARY KEY (rowid=?)');
    expect(plan.some((d) => /^SCAN customers_fts VIRTUAL TABLE INDEX \d+:M/.test(d))).toBe(true);
    expect(plan.filter((d) => /^SCAN customers\b(?!_fts)/.test(d))).toEqual([]);
  });
});

describe('migration 0011 on an existing database', () => {
  it('indexes the menu items and customers that were there before it', async () => {
    const all = loadMigrations();
    const before = all.filter((m) => m.version < 11);
    const old = await startTestServer({ migrations: before });
    const at = '2026-01-01T00:00:00.000Z';
    old.app.core.dbh.sqlite
      .prepare(
        `INSERT INTO menu_items (id, name, price, created_at, updated_at) VALUES ('m1', 'Crème brûlée', 650, ?, ?)`,
      )
      .run(at, at);
    old.app.core.dbh.sqlite
      .prepare(
        `INSERT INTO customers (id, name, phone, created_at, updated_at) VALUES ('c1', 'Émile Zola', '555-0100', ?, ?)`,
      )
      .run(at, at);
    const dataDir = old.dataDir;
    await old.close();
    const now = await startTestServer({ dataDir, migrations: all });
    try {
      await now.createUser({ username: 'reader', password: PW, role: 'kitchen' });
      const token = await now.token('reader', PW);
      const items = await now.request<{ items: MenuItem[] }>('/api/menu/items?q=brul', { token });
      expect(items.body.items.map((i) => i.id)).toEqual(['m1']);
      const people = await now.request<{ customers: Customer[] }>('/api/customers?q=emile', {
        token,
      });
      expect(people.body.customers.map((c) => c.id)).toEqual(['c1']);
      const digits = await now.request<{ customers: Customer[] }>('/api/customers?q=5550100', {
        token,
      });
      expect(digits.body.customers.map((c) => c.id)).toEqual(['c1']);
    } finally {
      await now.close();
    }
  });
});
