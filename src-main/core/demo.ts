import type { Role } from '../../src-shared/permissions';
import type { CoreContext } from './context';
import { createUser, findUserByUsername } from './auth/users';
import { seedDemoStock } from './inventory/demo-stock';
import { seedDemoMenu } from './menu/demo-menu';

/** Demo sign-ins, printed by `seed-demo` and shown in the README. Never for a real shop. */
export const DEMO_USERS: {
  username: string;
  password: string;
  pin: string;
  role: Role;
  displayName: string;
}[] = [
  {
    username: 'admin',
    password: 'admin-demo-1',
    pin: '1111',
    role: 'admin',
    displayName: 'Ada Admin',
  },
  {
    username: 'manager',
    password: 'manager-demo-1',
    pin: '2222',
    role: 'manager',
    displayName: 'Max Manager',
  },
  {
    username: 'cashier',
    password: 'cashier-demo-1',
    pin: '3333',
    role: 'cashier',
    displayName: 'Cleo Cashier',
  },
  {
    username: 'kitchen',
    password: 'kitchen-demo-1',
    pin: '4444',
    role: 'kitchen',
    displayName: 'Kit Kitchen',
  },
];

export interface SeedResult {
  usersCreated: number;
  menuItemsCreated: number;
  stockItemsCreated: number;
}

/** Adds the demo data that is missing; running it twice changes nothing the second time. */
export async function seedDemo(ctx: CoreContext): Promise<SeedResult> {
  let usersCreated = 0;
  for (const u of DEMO_USERS) {
    if (await findUserByUsername(ctx, u.username)) continue;
    await createUser(ctx, u);
    usersCreated++;
  }
  // The demo menu first, so the stock seeding below can give its drinks their recipes.
  const { menuItemsCreated } = await seedDemoMenu(ctx);
  // Demo stock (coffee beans, milk, cups) and recipes for demo drinks, opened by the demo admin.
  const admin = await findUserByUsername(ctx, 'admin');
  const stock = admin ? await seedDemoStock(ctx, admin.id) : { stockItemsCreated: 0 };
  return { usersCreated, menuItemsCreated, stockItemsCreated: stock.stockItemsCreated };
}
