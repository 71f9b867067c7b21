import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/app';
import type { CoreContext } from '../../src-main/core/context';
import { seedDemo } from '../../src-main/core/demo';
import { listInventoryItems } from '../../src-main/core/inventory/items';
import { removeTempDirs, tempDir } from '../helpers/app';
import { count } from './support';

let ctx: CoreContext;
beforeAll(() => {
  ctx = openCore({ dataDir: tempDir() });
});
afterAll(async () => {
  await ctx.dbh.close();
  removeTempDirs();
});

describe('seed-demo stock', () => {
  it('adds coffee beans, milk and cups once, with opening balances, and recipes for demo drinks', async () => {
    const first = await seedDemo(ctx);
    expect(first.stockItemsCreated).toBe(3);
    const { items } = await listInventoryItems(ctx);
    expect(items.map((i) => [i.name, i.unit, i.onHand, i.lowStock])).toEqual([
      ['Coffee beans', 'kg', 5, false],
      ['Cups', 'pcs', 250, false],
      ['Milk', 'l', 12, false],
    ]);
    expect(count(ctx, "inventory_ledger WHERE reason = 'opening balance'")).toBe(3);
    // A demo drink appears (as the menu demo would add it); the next seed gives it a recipe.
    const now = ctx.clock().toISOString();
    ctx.dbh.sqlite
      .prepare(
        "INSERT INTO menu_items (id, name, price, created_at, updated_at) VALUES ('m-latte', 'Latte', 450, ?, ?)",
      )
      .run(now, now);
    const second = await seedDemo(ctx);
    expect(second).toMatchObject({ usersCreated: 0, stockItemsCreated: 0 });
    expect(count(ctx, 'inventory_items')).toBe(3);
    const recipe = ctx.dbh.sqlite
      .prepare(
        'SELECT i.name, r.quantity_milli FROM menu_item_recipes r JOIN inventory_items i ON i.id = r.inventory_item_id WHERE r.menu_item_id = ? ORDER BY i.name',
      )
      .all('m-latte');
    expect(recipe).toEqual([
      { name: 'Coffee beans', quantity_milli: 18 },
      { name: 'Cups', quantity_milli: 1000 },
      { name: 'Milk', quantity_milli: 250 },
    ]);
    await seedDemo(ctx);
    expect(count(ctx, "menu_item_recipes WHERE menu_item_id = 'm-latte'")).toBe(3);
  });
});
