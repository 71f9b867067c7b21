/**
 * Demo modifier groups for `seed-demo`: size, milk and extras on the coffee drinks.
 * Every demo group is optional, so a till or test that orders a plain "Latte" still can; the
 * required-group rule is shown by the tests, not forced on the demo. Safe to run twice: groups are
 * matched by name and an item that already offers groups is left as it is.
 */
import type { CoreContext } from '../context';
import { createModifierGroup, setItemModifierGroups } from './groups';

type DemoGroup = {
  name: string;
  maxChoices: number;
  options: [string, number][];
};

export const DEMO_MODIFIER_GROUPS: DemoGroup[] = [
  {
    name: 'Size',
    maxChoices: 1,
    options: [
      ['Regular', 0],
      ['Large', 60],
    ],
  },
  {
    name: 'Milk',
    maxChoices: 1,
    options: [
      ['Whole milk', 0],
      ['Skimmed milk', 0],
      ['Oat milk', 60],
      ['Soy milk', 50],
    ],
  },
  {
    name: 'Extras',
    maxChoices: 3,
    options: [
      ['Extra shot', 70],
      ['Vanilla syrup', 50],
      ['Decaf', 0],
    ],
  },
];

/** Which groups each demo drink offers, in the till's order. */
export const DEMO_ITEM_GROUPS: Record<string, string[]> = {
  Espresso: ['Extras'],
  Americano: ['Size', 'Milk', 'Extras'],
  Cappuccino: ['Size', 'Milk', 'Extras'],
  Latte: ['Size', 'Milk', 'Extras'],
  'Flat White': ['Size', 'Milk', 'Extras'],
};

export async function seedDemoModifiers(ctx: CoreContext): Promise<{ groupsCreated: number }> {
  const db = ctx.dbh.db;
  const ids = new Map<string, string>();
  let groupsCreated = 0;
  for (const g of DEMO_MODIFIER_GROUPS) {
    const found = await db
      .selectFrom('modifierGroups')
      .select('id')
      .where('name', '=', g.name)
      .where('archived', '=', 0)
      .executeTakeFirst();
    if (found) {
      ids.set(g.name, found.id);
      continue;
    }
    const created = await createModifierGroup(ctx, {
      name: g.name,
      maxChoices: g.maxChoices,
      options: g.options.map(([name, priceDelta]) => ({ name, priceDelta })),
    });
    ids.set(g.name, created.id);
    groupsCreated++;
  }
  for (const [itemName, groups] of Object.entries(DEMO_ITEM_GROUPS)) {
    const item = await db
      .selectFrom('menuItems')
      .select('id')
      .where('name', '=', itemName)
      .executeTakeFirst();
    if (!item) continue;
    const offered = await db
      .selectFrom('menuItemModifierGroups')
      .select('groupId')
      .where('menuItemId', '=', item.id)
      .executeTakeFirst();
    if (offered) continue;
    await setItemModifierGroups(ctx, {
      id: item.id,
      groupIds: groups.map((n) => ids.get(n)!),
    });
  }
  return { groupsCreated };
}
