import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/app';
import type { CoreContext } from '../../src-main/core/context';
import { DEMO_MENU, seedDemoMenu } from '../../src-main/core/menu/demo-menu';
import { listMenuItems } from '../../src-main/core/menu/items';
import { removeTempDirs, tempDir } from '../helpers/app';

let ctx: CoreContext;
beforeAll(() => {
  ctx = openCore({ dataDir: tempDir() });
});
afterAll(async () => {
  await ctx.dbh.close();
  removeTempDirs();
});

describe('demo menu', () => {
  it('adds categories and priced, taxed items once', async () => {
    const total = DEMO_MENU.reduce((n, g) => n + g.items.length, 0);
    expect(await seedDemoMenu(ctx)).toEqual({ menuItemsCreated: total });
    expect(await seedDemoMenu(ctx)).toEqual({ menuItemsCreated: 0 });
    const { items } = await listMenuItems(ctx, {});
    expect(items).toHaveLength(total);
    const latte = items.find((i) => i.name === 'Latte');
    expect(latte).toMatchObject({ price: 450, taxRateBps: 800, available: true });
    expect(items.every((i) => i.categoryId !== null && Number.isInteger(i.price))).toBe(true);
  });
});
