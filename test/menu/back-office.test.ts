/**
 * What the back office's Menu screen needs from the API (issue 10): filtered and paged item
 * lists, an item saved with its recipe and modifier groups in one transaction, an item's own
 * group order, restoring an archived item, unique category names, and the menu revision tills
 * poll.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModifierGroup } from '../../src-shared/contract/modifiers';
import type { MenuCategory, MenuItem } from '../../src-shared/contract/menu';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

let ts: TestServer;
let owner: string;
let cashier: string;
const PW = 'correct-horse-1';
const MILK = 'inv-milk';

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({ username: 'owner', password: PW, role: 'admin' });
  await ts.createUser({ username: 'cashier', password: PW, role: 'cashier' });
  [owner, cashier] = await Promise.all([ts.token('owner', PW), ts.token('cashier', PW)]);
  const at = ts.clock.now.toISOString();
  ts.app.core.dbh.sqlite
    .prepare(
      'INSERT INTO inventory_items (id, name, unit, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    )
    .run(MILK, 'Milk', 'l', at, at);
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

async function send<T>(path: string, body: unknown, method = 'POST', token = owner) {
  return ts.request<T>(path, { method, body, token });
}
async function ok<T>(path: string, body: unknown, method = 'POST'): Promise<T> {
  const res = await send<T>(path, body, method);
  expect(res.status, res.text).toBeLessThan(300);
  return res.body;
}
async function items(query: string, token = cashier): Promise<string[]> {
  const res = await ts.request<{ items: MenuItem[] }>(`/api/menu/items?${query}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body.items.map((i) => i.name);
}
async function revision(): Promise<string> {
  const res = await ts.request<{ revision: string }>('/api/menu/revision', { token: cashier });
  expect(res.status, res.text).toBe(200);
  return res.body.revision;
}
const rows = (sql: string, ...args: unknown[]) => ts.app.core.dbh.sqlite.prepare(sql).all(...args);

describe('the Menu screen’s operations', () => {
  let drinks: MenuCategory;
  let food: MenuCategory;
  let size: ModifierGroup;
  let milk: ModifierGroup;

  it('refuses a second category of the same name (any case) with a 409 on the name', async () => {
    drinks = await ok<MenuCategory>('/api/menu/categories', { name: 'Drinks', sortOrder: 1 });
    food = await ok<MenuCategory>('/api/menu/categories', { name: 'Food', sortOrder: 2 });
    const dup = await send<{ error: { code: string; details: { field: string } } }>(
      '/api/menu/categories',
      { name: 'drinks' },
    );
    expect(dup.status).toBe(409);
    expect(dup.body.error.details.field).toBe('name');
    const rename = await send(`/api/menu/categories/${food.id}`, { name: 'DRINKS' }, 'PATCH');
    expect(rename.status).toBe(409);
    // Renaming a category to its own name in another case is not a clash with itself.
    expect((await send(`/api/menu/categories/${food.id}`, { name: 'food' }, 'PATCH')).status).toBe(
      200,
    );
    expect(rows('SELECT name FROM menu_categories ORDER BY sort_order')).toEqual([
      { name: 'Drinks' },
      { name: 'food' },
    ]);
  });

  it('puts every category in a new order at once, or refuses a list that is not all of them', async () => {
    const tea = await ok<MenuCategory>('/api/menu/categories', { name: 'Tea', sortOrder: 0 });
    const res = await ok<{ categories: MenuCategory[] }>(
      '/api/menu/categories/order',
      { ids: [food.id, tea.id, drinks.id] },
      'PUT',
    );
    expect(res.categories.map((c) => [c.name, c.sortOrder])).toEqual([
      ['food', 1],
      ['Tea', 2],
      ['Drinks', 3],
    ]);
    expect((await send('/api/menu/categories/order', { ids: [food.id] }, 'PUT')).status).toBe(409);
    expect(
      (await send('/api/menu/categories/order', { ids: [food.id, food.id] }, 'PUT')).status,
    ).toBe(422);
    expect(
      (
        await send(
          '/api/menu/categories/order',
          { ids: [tea.id, drinks.id, food.id] },
          'PUT',
          cashier,
        )
      ).status,
    ).toBe(403);
    expect(rows('SELECT name FROM menu_categories ORDER BY sort_order')).toEqual([
      { name: 'food' },
      { name: 'Tea' },
      { name: 'Drinks' },
    ]);
    await ok('/api/menu/categories/order', { ids: [drinks.id, food.id, tea.id] }, 'PUT');
  });

  it('saves an item with its recipe and modifier groups in one go, or nothing at all', async () => {
    size = await ok<ModifierGroup>('/api/menu/modifier-groups', {
      name: 'Size',
      required: true,
      options: [{ name: 'Regular' }, { name: 'Large', priceDelta: 50 }],
    });
    milk = await ok<ModifierGroup>('/api/menu/modifier-groups', {
      name: 'Milk',
      options: [{ name: 'Oat', priceDelta: 40 }],
    });
    const before = rows('SELECT count(*) AS n FROM menu_items');
    const bad = await send<{ error: { details: { issues: { path: string }[] } } }>(
      '/api/menu/items',
      {
        name: 'Flat white',
        price: 400,
        recipe: [{ inventoryItemId: MILK, quantity: 0.15 }],
        modifierGroupIds: [milk.id, 'no-such-group'],
      },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.issues[0]!.path).toBe('modifierGroupIds.1');
    expect(rows('SELECT count(*) AS n FROM menu_items')).toEqual(before);

    const latte = await ok<MenuItem>('/api/menu/items', {
      name: 'Latte',
      price: 450,
      categoryId: drinks.id,
      recipe: [{ inventoryItemId: MILK, quantity: 0.2 }],
      modifierGroupIds: [milk.id, size.id],
    });
    const groups = await ts.request<{ groups: ModifierGroup[] }>(
      `/api/menu/items/${latte.id}/modifier-groups`,
      { token: cashier },
    );
    expect(groups.body.groups.map((g) => g.name)).toEqual(['Milk', 'Size']);

    // A PATCH with modifierGroupIds replaces the list and its order; a bad one changes nothing.
    const refused = await send(
      `/api/menu/items/${latte.id}`,
      { price: 999, modifierGroupIds: [size.id, size.id] },
      'PATCH',
    );
    expect(refused.status).toBe(422);
    const patched = await ok<MenuItem>(
      `/api/menu/items/${latte.id}`,
      {
        price: 460,
        modifierGroupIds: [size.id],
        recipe: [{ inventoryItemId: MILK, quantity: 0.25 }],
      },
      'PATCH',
    );
    expect(patched.price).toBe(460);
    expect(patched.recipe).toEqual([{ inventoryItemId: MILK, quantity: 0.25 }]);
    const after = await ts.request<{ groups: ModifierGroup[] }>(
      `/api/menu/items/${latte.id}/modifier-groups`,
      { token: cashier },
    );
    expect(after.body.groups.map((g) => g.name)).toEqual(['Size']);
    expect(
      (await ts.request('/api/menu/items/nope/modifier-groups', { token: cashier })).status,
    ).toBe(404);
    // Writing the menu takes menu.manage.
    expect((await send(`/api/menu/items/${latte.id}`, { price: 1 }, 'PATCH', cashier)).status).toBe(
      403,
    );
  });

  it('filters by category (or none), archived or live, and pages in name order', async () => {
    for (const [name, categoryId] of [
      ['Americano', drinks.id],
      ['Bagel', food.id],
      ['Cookie', food.id],
      ['Gift card', null],
    ] as const)
      await ok('/api/menu/items', { name, price: 300, categoryId });
    expect(await items(`categoryId=${drinks.id}`)).toEqual(['Americano', 'Latte']);
    expect(await items('categoryId=none')).toEqual(['Gift card']);
    expect(await items('limit=2')).toEqual(['Americano', 'Bagel']);
    expect(await items('limit=2&offset=2')).toEqual(['Cookie', 'Gift card']);
    expect(await items(`q=coo&categoryId=${food.id}`)).toEqual(['Cookie']);
    expect(await items(`q=coo&categoryId=${drinks.id}`)).toEqual([]);
    expect((await ts.request('/api/menu/items?offset=-1', { token: cashier })).status).toBe(422);
  });

  it('archives an item and brings it back with archived: false', async () => {
    const [bagel] = (
      await ts.request<{ items: MenuItem[] }>('/api/menu/items?q=bagel', { token: cashier })
    ).body.items;
    await ok(`/api/menu/items/${bagel!.id}/archive`, {});
    expect(await items('archived=true')).toEqual(['Bagel']);
    expect(await items(`categoryId=${food.id}`)).toEqual(['Cookie']);
    const back = await ok<MenuItem>(`/api/menu/items/${bagel!.id}`, { archived: false }, 'PATCH');
    expect(back.archived).toBe(false);
    expect(await items('archived=true')).toEqual([]);
    expect(await items(`categoryId=${food.id}`)).toEqual(['Bagel', 'Cookie']);
  });

  it('changes the menu revision on what a till shows, and only then', async () => {
    const r0 = await revision();
    expect(await revision()).toBe(r0);
    const [latte] = (
      await ts.request<{ items: MenuItem[] }>('/api/menu/items?q=latte', { token: cashier })
    ).body.items;
    await ok(`/api/menu/items/${latte!.id}`, { available: false }, 'PATCH');
    const r1 = await revision();
    expect(r1).not.toBe(r0);
    await ok(`/api/menu/categories/${food.id}`, { sortOrder: 5 }, 'PATCH');
    const r2 = await revision();
    expect(r2).not.toBe(r1);
    await ok(
      `/api/menu/modifier-groups/${milk.id}`,
      {
        options: [{ id: milk.options[0]!.id, name: 'Oat', available: false }],
      },
      'PATCH',
    );
    const r3 = await revision();
    expect(r3).not.toBe(r2);
    await ok(`/api/menu/items/${latte!.id}/modifier-groups`, { groupIds: [] }, 'PUT');
    const r4 = await revision();
    expect(r4).not.toBe(r3);
    // A refused change and a sale leave it alone.
    await send(`/api/menu/items/${latte!.id}`, { categoryId: 'nope' }, 'PATCH');
    const [cookie] = (
      await ts.request<{ items: MenuItem[] }>('/api/menu/items?q=cookie', { token: cashier })
    ).body.items;
    const sale = await send(
      '/api/orders',
      { items: [{ menuItemId: cookie!.id, quantity: 1 }] },
      'POST',
      cashier,
    );
    expect(sale.status, sale.text).toBe(201);
    expect(await revision()).toBe(r4);
  });

  it('starts a fresh revision after a restore, so no till keeps the replaced menu', async () => {
    const backup = await send<{ file: string }>('/api/admin/backups', {});
    expect(backup.status, backup.text).toBe(201);
    const [cookie] = (
      await ts.request<{ items: MenuItem[] }>('/api/menu/items?q=cookie', { token: cashier })
    ).body.items;
    await ok(`/api/menu/items/${cookie!.id}`, { available: false }, 'PATCH');
    const before = await revision();
    const restored = await send('/api/admin/backups/restore', { file: backup.body.file });
    expect(restored.status, restored.text).toBe(200);
    // A restore signs everyone out (the users and their sessions are the backup's).
    cashier = await ts.token('cashier', PW);
    const after = await revision();
    expect(after).not.toBe(before);
    expect(after.split('.')[0]).not.toBe(before.split('.')[0]);
    const [back] = (
      await ts.request<{ items: MenuItem[] }>('/api/menu/items?q=cookie', { token: cashier })
    ).body.items;
    expect(back!.available).toBe(true);
  });
});
