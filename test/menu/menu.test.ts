import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, MenuCategory, MenuItem } from '../../src-shared/contract/menu';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

let ts: TestServer;
let manager: string;
let cashier: string;
let kitchen: string;
const PW = 'correct-horse-1';
const inv = { flour: '', milk: '' };

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
  // Stock items belong to the inventory feature; insert two rows directly for recipes to point at.
  const at = ts.clock.now.toISOString();
  for (const name of ['flour', 'milk'] as const) {
    inv[name] = `inv-${name}`;
    ts.app.core.dbh.sqlite
      .prepare(
        'INSERT INTO inventory_items (id, name, unit, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(inv[name], name, 'kg', at, at);
  }
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

const count = (t: string) =>
  (ts.app.core.dbh.sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;

describe('menu', () => {
  let cat: MenuCategory;

  it('creates and lists categories in sort order (menu.manage to write)', async () => {
    const a = await ts.request<MenuCategory>('/api/menu/categories', {
      body: { name: 'Pastries', sortOrder: 2 },
      token: manager,
    });
    expect(a.status).toBe(201);
    const b = await ts.request<MenuCategory>('/api/menu/categories', {
      body: { name: 'Coffee', sortOrder: 1 },
      token: manager,
    });
    cat = b.body;
    expect(
      (await ts.request('/api/menu/categories', { body: { name: 'X' }, token: cashier })).status,
    ).toBe(403);
    const list = await ts.request<{ categories: MenuCategory[] }>('/api/menu/categories', {
      token: kitchen,
    });
    expect(list.body.categories.map((c) => c.name)).toEqual(['Coffee', 'Pastries']);
  });

  it('creates an item with a decimal recipe stored as exact thousandths', async () => {
    const res = await ts.request<MenuItem>('/api/menu/items', {
      body: {
        name: 'Latte',
        price: 450,
        categoryId: cat.id,
        sku: 'LAT-1',
        taxRateBps: 800,
        recipe: [
          { inventoryItemId: inv.milk, quantity: 0.2 },
          { inventoryItemId: inv.flour, quantity: 0.001 },
        ],
      },
      token: manager,
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Latte',
      price: 450,
      categoryId: cat.id,
      sku: 'LAT-1',
      available: true,
      archived: false,
      taxRateBps: 800,
      recipe: [
        { inventoryItemId: inv.flour, quantity: 0.001 },
        { inventoryItemId: inv.milk, quantity: 0.2 },
      ],
    });
    const rows = ts.app.core.dbh.sqlite
      .prepare(
        'SELECT inventory_item_id AS i, quantity_milli AS q FROM menu_item_recipes ORDER BY i',
      )
      .all();
    expect(rows).toEqual([
      { i: inv.flour, q: 1 },
      { i: inv.milk, q: 200 },
    ]);
  });

  const bad: [string, Record<string, unknown>][] = [
    ['a float price', { name: 'A', price: 4.5 }],
    ['a negative price', { name: 'A', price: -1 }],
    ['a price as text', { name: 'A', price: '450' }],
    ['a huge price', { name: 'A', price: 100_000_001 }],
    ['a tax rate over 100 %', { name: 'A', price: 1, taxRateBps: 10001 }],
    ['a fractional tax rate', { name: 'A', price: 1, taxRateBps: 7.5 }],
    ['an empty name', { name: ' ', price: 1 }],
    ['an unknown field', { name: 'A', price: 1, cost: 3 }],
    [
      '4 recipe decimals',
      { name: 'A', price: 1, recipe: [{ inventoryItemId: 'inv-milk', quantity: 0.0005 }] },
    ],
    [
      'a zero recipe quantity',
      { name: 'A', price: 1, recipe: [{ inventoryItemId: 'inv-milk', quantity: 0 }] },
    ],
    [
      'a duplicate recipe line',
      {
        name: 'A',
        price: 1,
        recipe: [
          { inventoryItemId: 'inv-milk', quantity: 1 },
          { inventoryItemId: 'inv-milk', quantity: 2 },
        ],
      },
    ],
    [
      'an unknown inventory item',
      { name: 'A', price: 1, recipe: [{ inventoryItemId: 'nope', quantity: 1 }] },
    ],
    ['an unknown category', { name: 'A', price: 1, categoryId: 'nope' }],
  ];
  for (const [label, body] of bad) {
    it(`refuses ${label} with 422 and writes nothing`, async () => {
      const before = [count('menu_items'), count('menu_item_recipes')];
      const res = await ts.request<{ error: { code: string } }>('/api/menu/items', {
        body,
        token: manager,
      });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('validation_error');
      expect([count('menu_items'), count('menu_item_recipes')]).toEqual(before);
    });
  }

  it('refuses a duplicate sku with 409', async () => {
    const res = await ts.request<{ error: { code: string } }>('/api/menu/items', {
      body: { name: 'Latte 2', price: 1, sku: 'LAT-1' },
      token: manager,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
  });

  it('patches, archives and hides archived items unless asked', async () => {
    const item = (
      await ts.request<MenuItem>('/api/menu/items', {
        body: {
          name: 'Scone',
          price: 300,
          recipe: [{ inventoryItemId: inv.flour, quantity: 0.08 }],
        },
        token: manager,
      })
    ).body;
    const p = await ts.request<MenuItem>(`/api/menu/items/${item.id}`, {
      method: 'PATCH',
      body: { price: 325, available: false, recipe: [] },
      token: manager,
    });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ price: 325, available: false, recipe: [] });
    expect(
      (
        await ts.request(`/api/menu/items/${item.id}`, {
          method: 'PATCH',
          body: { price: 1.5 },
          token: manager,
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await ts.request(`/api/menu/items/nope`, {
          method: 'PATCH',
          body: { price: 1 },
          token: manager,
        })
      ).status,
    ).toBe(404);
    const a = await ts.request<MenuItem>(`/api/menu/items/${item.id}/archive`, {
      method: 'POST',
      token: manager,
    });
    expect(a.status).toBe(200);
    expect(a.body.archived).toBe(true);
    const visible = await ts.request<{ items: MenuItem[] }>('/api/menu/items', { token: cashier });
    expect(visible.body.items.some((i) => i.id === item.id)).toBe(false);
    const all = await ts.request<{ items: MenuItem[] }>('/api/menu/items?includeArchived=true', {
      token: cashier,
    });
    expect(all.body.items.some((i) => i.id === item.id)).toBe(true);
    expect(
      (await ts.request(`/api/menu/items/${item.id}/archive`, { method: 'POST', token: cashier }))
        .status,
    ).toBe(403);
  });

  it('menu reads need a signed-in user', async () => {
    expect((await ts.request('/api/menu/items')).status).toBe(401);
    expect((await ts.request('/api/menu/categories')).status).toBe(401);
  });
});

describe('customers', () => {
  it('creates, reads and searches case-insensitively over name, phone and email', async () => {
    const mk = (body: Record<string, unknown>) =>
      ts.request<Customer>('/api/customers', { body, token: cashier });
    const ann = await mk({ name: 'Ann Lee', phone: '+1 555 0100', email: 'ann@example.com' });
    expect(ann.status).toBe(201);
    await mk({ name: 'Bob Stone', email: 'BOB@Example.org' });
    await mk({ name: 'Cleo 50%_off', phone: '555-0199' });
    const got = await ts.request<Customer>(`/api/customers/${ann.body.id}`, { token: kitchen });
    expect(got.body).toEqual(ann.body);
    const search = async (q: string) =>
      (
        await ts.request<{ customers: Customer[] }>(`/api/customers?q=${encodeURIComponent(q)}`, {
          token: kitchen,
        })
      ).body.customers.map((c) => c.name);
    expect(await search('ann')).toEqual(['Ann Lee']);
    expect(await search('EXAMPLE')).toEqual(['Ann Lee', 'Bob Stone']);
    expect(await search('bob@example')).toEqual(['Bob Stone']);
    expect(await search('555')).toEqual(['Ann Lee', 'Cleo 50%_off']);
    expect(await search('%')).toEqual(['Cleo 50%_off']); // a literal %, not a wildcard
    expect(await search('_')).toEqual(['Cleo 50%_off']);
    expect(await search('zzz')).toEqual([]);
    const limited = await ts.request<{ customers: Customer[] }>('/api/customers?limit=1', {
      token: kitchen,
    });
    expect(limited.body.customers).toHaveLength(1);
    expect((await ts.request('/api/customers?limit=201', { token: kitchen })).status).toBe(422);
  });

  it('refuses bad input (422), needs customers.manage to write, 404 for unknown', async () => {
    const before = count('customers');
    for (const body of [
      { name: '' },
      { name: 'A', email: 'not-an-email' },
      { name: 'A', phone: 'call me' },
      { name: 'A', vip: true },
    ]) {
      const r = await ts.request('/api/customers', { body, token: cashier });
      expect(r.status, JSON.stringify(body)).toBe(422);
    }
    expect(
      (await ts.request('/api/customers', { body: { name: 'K' }, token: kitchen })).status,
    ).toBe(403);
    expect(count('customers')).toBe(before);
    expect((await ts.request('/api/customers/nope', { token: kitchen })).status).toBe(404);
  });
});
