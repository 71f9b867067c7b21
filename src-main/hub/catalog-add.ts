/**
 * Adding what the hub owns: a till user (and resetting their PIN or password) and a menu item.
 * Rows are written in the till's own column names and value forms (SQLite 0/1, ISO text times,
 * JSON text), since a till inserts the pulled row as it is. Hashes come from the till's own
 * hashing module, so a till verifies a PIN set here exactly as one set on the till.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { password, pin, username } from '../../src-shared/contract/auth';
import { ROLES } from '../../src-shared/permissions';
import { writeCatalog, lockCatalog } from './catalog';
import { lockedRow, menuItemView, tillUserView } from './catalog-edit';
import type { HubContext } from './context';
import { HubError } from './errors';

type Trx = Parameters<typeof lockCatalog>[0];

export const newTillUser = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(80).optional(),
  role: z.enum(ROLES),
  password,
  pin: pin.optional(),
});

async function usernameTaken(trx: Trx, name: string): Promise<boolean> {
  const found = await trx
    .selectFrom('catalog_rows')
    .select('key')
    .where('entity', '=', 'users')
    .where('deleted', '=', false)
    .where((eb) => eb(eb.ref('row', '->>').key('username'), '=', name))
    .executeTakeFirst();
  return Boolean(found);
}

export async function addTillUser(ctx: HubContext, input: z.infer<typeof newTillUser>) {
  // Hash before the transaction: scrypt is slow and must not hold the catalog lock.
  const passwordHash = await ctx.secrets.hash(input.password);
  const pinHash = input.pin ? await ctx.secrets.hash(input.pin) : null;
  const now = ctx.now();
  const id = randomUUID();
  const row = {
    id,
    username: input.username,
    display_name: input.displayName ?? input.username,
    role: input.role,
    status: 'active',
    password_hash: passwordHash,
    pin_hash: pinHash,
    extra_permissions: '[]',
    revoked_permissions: '[]',
    token_version: 0,
    last_sign_in_at: null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  return ctx.db.transaction().execute(async (trx) => {
    // Checked under the lock, so two hub processes cannot both add the same name.
    await lockCatalog(trx);
    if (await usernameTaken(trx, input.username))
      throw new HubError('conflict', `username "${input.username}" is taken`, {
        field: 'username',
      });
    const version = await writeCatalog(trx, now, [{ entity: 'users', key: id, row }]);
    return tillUserView(id, row, version);
  });
}

export const credentialsReset = z
  .strictObject({ password: password.optional(), pin: pin.nullable().optional() })
  .refine((c) => c.password !== undefined || c.pin !== undefined, 'give a new PIN or password');

/**
 * A new PIN (null removes it) and/or password for a till user. token_version goes up as on the
 * till, so the user's sessions on every till end at its next pull.
 */
export async function resetTillUserCredentials(
  ctx: HubContext,
  id: string,
  input: z.infer<typeof credentialsReset>,
) {
  const passwordHash = input.password ? await ctx.secrets.hash(input.password) : undefined;
  const pinHash = input.pin ? await ctx.secrets.hash(input.pin) : input.pin;
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await lockedRow(trx, 'users', id, 'till user');
    const next: Record<string, unknown> = {
      ...row,
      token_version: Number(row.token_version ?? 0) + 1,
      updated_at: now.toISOString(),
    };
    if (passwordHash !== undefined) next.password_hash = passwordHash;
    if (pinHash !== undefined) next.pin_hash = pinHash;
    const version = await writeCatalog(trx, now, [{ entity: 'users', key: id, row: next }]);
    return { ...tillUserView(id, next, version), hasPin: typeof next.pin_hash === 'string' };
  });
}

export const newMenuItem = z.strictObject({
  name: z.string().trim().min(1).max(80),
  price: z.number().int().nonnegative().max(100_000_000),
  taxRateBps: z.number().int().min(0).max(10_000),
  categoryId: z.string().min(1).max(80).nullable().optional(),
  available: z.boolean().default(true),
});

export async function addMenuItem(ctx: HubContext, input: z.infer<typeof newMenuItem>) {
  const now = ctx.now();
  const id = randomUUID();
  const row = {
    id,
    name: input.name,
    price: input.price,
    category_id: input.categoryId ?? null,
    sku: null,
    available: input.available ? 1 : 0,
    archived: 0,
    tax_rate_bps: input.taxRateBps,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  return ctx.db.transaction().execute(async (trx) => {
    await lockCatalog(trx);
    // The till's menu_items.category_id references menu_categories: an unknown one would
    // fail every till's pull.
    if (input.categoryId) {
      const found = await trx
        .selectFrom('catalog_rows')
        .select('key')
        .where('entity', '=', 'menu_categories')
        .where('key', '=', input.categoryId)
        .where('deleted', '=', false)
        .executeTakeFirst();
      if (!found)
        throw new HubError('validation_error', 'some fields are not valid', {
          issues: [{ path: ['categoryId'], message: 'no such category' }],
        });
    }
    const version = await writeCatalog(trx, now, [{ entity: 'menu_items', key: id, row }]);
    return menuItemView(id, row, version);
  });
}

export async function listMenuCategories(ctx: HubContext) {
  const rows = await ctx.db
    .selectFrom('catalog_rows')
    .select(['key', 'row'])
    .where('entity', '=', 'menu_categories')
    .where('deleted', '=', false)
    .execute();
  return rows
    .map((r) => ({
      id: r.key,
      name: String(r.row?.name ?? ''),
      sortOrder: Number(r.row?.sort_order ?? 0),
    }))
    .sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name));
}
