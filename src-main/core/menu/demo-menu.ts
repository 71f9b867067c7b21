import type { CoreContext } from '../context';
import { seedDemoModifiers } from '../modifiers/demo';
import { createCategory } from './categories';
import { createMenuItem } from './items';

/**
 * The demo menu for `seed-demo`: a small cafe, prices in cents, 8 % tax on drinks and 10 % on
 * food (demo values, not advice). Drink names match the inventory demo's recipes.
 */
export const DEMO_MENU: {
  category: string;
  sortOrder: number;
  items: [string, number, number][];
}[] = [
  {
    category: 'Coffee',
    sortOrder: 1,
    items: [
      ['Espresso', 280, 800],
      ['Americano', 320, 800],
      ['Cappuccino', 420, 800],
      ['Latte', 450, 800],
      ['Flat White', 440, 800],
    ],
  },
  {
    category: 'Tea & more',
    sortOrder: 2,
    items: [
      ['Green Tea', 300, 800],
      ['Hot Chocolate', 390, 800],
      ['Orange Juice', 350, 800],
    ],
  },
  {
    category: 'Bakery',
    sortOrder: 3,
    items: [
      ['Croissant', 275, 1000],
      ['Blueberry Muffin', 325, 1000],
      ['Banana Bread', 350, 1000],
      ['Cheese Toastie', 595, 1000],
    ],
  },
];

/** Adds the demo categories and items that are missing (matched by name); safe to run twice. */
export async function seedDemoMenu(ctx: CoreContext): Promise<{ menuItemsCreated: number }> {
  let menuItemsCreated = 0;
  for (const group of DEMO_MENU) {
    let cat = await ctx.dbh.db
      .selectFrom('menuCategories')
      .select('id')
      .where('name', '=', group.category)
      .executeTakeFirst();
    cat ??= await createCategory(ctx, { name: group.category, sortOrder: group.sortOrder });
    for (const [name, price, taxRateBps] of group.items) {
      const exists = await ctx.dbh.db
        .selectFrom('menuItems')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirst();
      if (exists) continue;
      await createMenuItem(ctx, { name, price, taxRateBps, categoryId: cat.id });
      menuItemsCreated++;
    }
  }
  // Section 12: size, milk and extra-shot modifiers on the coffee drinks.
  await seedDemoModifiers(ctx);
  return { menuItemsCreated };
}
