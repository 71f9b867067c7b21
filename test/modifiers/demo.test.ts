import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoMenu } from '../../src-main/core/menu/demo-menu';
import { listModifierGroups } from '../../src-main/core/modifiers/groups';
import { createOrder } from '../../src-main/core/orders/create';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

it('the demo coffee drinks offer size, milk and extras; seeding twice changes nothing', async () => {
  const core = ts.app.core;
  await seedDemoMenu(core);
  const first = await listModifierGroups(core, {});
  await seedDemoMenu(core);
  const second = await listModifierGroups(core, {});
  expect(second).toEqual(first);
  expect(first.groups.map((g) => [g.name, g.required, g.maxChoices, g.menuItemIds.length])).toEqual(
    [
      ['Extras', false, 3, 5],
      ['Milk', false, 1, 4],
      ['Size', false, 1, 4],
    ],
  );
  const latte = await core.dbh.db
    .selectFrom('menuItems')
    .select(['id', 'price'])
    .where('name', '=', 'Latte')
    .executeTakeFirstOrThrow();
  const user = await ts.createUser({
    username: 'demo',
    password: 'correct-horse-1',
    role: 'cashier',
  });
  // Every demo group is optional: a plain Latte still sells (tills without a modifier picker).
  const plain = await createOrder(core, user.id, {
    items: [{ menuItemId: latte.id, quantity: 1 }],
  });
  expect(plain.items[0]!.lineTotal).toBe(latte.price);
  const option = (group: string, name: string) =>
    first.groups.find((g) => g.name === group)!.options.find((o) => o.name === name)!.id;
  const oat = await createOrder(core, user.id, {
    items: [
      {
        menuItemId: latte.id,
        quantity: 2,
        modifiers: [
          option('Size', 'Large'),
          option('Milk', 'Oat milk'),
          option('Extras', 'Extra shot'),
        ],
      },
    ],
  });
  // (450 + 60 + 60 + 70) × 2 = 1280.
  expect(oat.items[0]!.lineTotal).toBe(1280);
});
