/**
 * Modifier groups: a group (Size, Milk, Extras) holds options with price deltas and
 * a choice rule (min/max); menu items offer groups in a given order. Options are never deleted —
 * one left out of a PATCH is retired (archived), so the orders that named it still read well.
 */
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type {
  createModifierGroupInput,
  ModifierGroup,
  updateModifierGroupInput,
} from '../../../src-shared/contract/modifiers';
import { PosError } from '../../../src-shared/errors';
import type { Db, ModifierGroupsTable, ModifierOptionsTable } from '../../db/schema';
import type { CoreContext } from '../context';
import { refuseHubOwned } from '../sync/owned';

type GroupRow = Selectable<ModifierGroupsTable>;
type OptionRow = Selectable<ModifierOptionsTable>;
type OptionInput = z.infer<typeof createModifierGroupInput>['options'][number];

function invalid(path: string, message: string): PosError {
  return new PosError('validation_error', `${path}: ${message}`, {
    issues: [{ path, message, code: 'custom' }],
  });
}

/**
 * The choice rule: `required` is `minChoices ≥ 1` (either may be given; they must agree), an
 * optional group has minChoices 0, maxChoices ≥ max(minChoices, 1), and a group cannot ask for
 * more choices than it has options.
 */
export function choiceRule(
  given: {
    required?: boolean | undefined;
    minChoices?: number | undefined;
    maxChoices?: number | undefined;
  },
  current: { minChoices: number; maxChoices: number } | null,
  optionCount: number,
): { minChoices: number; maxChoices: number } {
  let min = given.minChoices ?? current?.minChoices ?? 0;
  if (given.required === true && given.minChoices === undefined && min < 1) min = 1;
  if (given.required === false && given.minChoices === undefined) min = 0;
  if (given.required === true && min < 1)
    throw invalid('minChoices', 'a required group needs minChoices of at least 1');
  if (given.required === false && min > 0)
    throw invalid('minChoices', 'an optional group has minChoices 0');
  const max = given.maxChoices ?? Math.max(current?.maxChoices ?? 1, min, 1);
  if (max < min) throw invalid('maxChoices', 'maxChoices must be at least minChoices');
  if (min > optionCount)
    throw invalid('minChoices', `the group has only ${optionCount} option(s) to choose from`);
  return { minChoices: min, maxChoices: max };
}

function toGroup(
  g: GroupRow,
  options: OptionRow[],
  links: { menuItemId: string; position: number }[],
): ModifierGroup {
  return {
    id: g.id,
    name: g.name,
    required: g.minChoices >= 1,
    minChoices: g.minChoices,
    maxChoices: g.maxChoices,
    archived: g.archived === 1,
    options: options
      .filter((o) => o.archived === 0)
      .map((o) => ({
        id: o.id,
        name: o.name,
        priceDelta: o.priceDelta,
        available: o.available === 1,
      })),
    menuItemIds: links.map((l) => l.menuItemId),
    itemPositions: Object.fromEntries(links.map((l) => [l.menuItemId, l.position])),
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
  };
}

/** Groups with their live options and menu items; `ids` limits and orders them. */
export async function loadGroups(
  db: Db,
  opts: { ids?: string[]; includeArchived?: boolean } = {},
): Promise<ModifierGroup[]> {
  if (opts.ids && opts.ids.length === 0) return [];
  let q = db.selectFrom('modifierGroups').selectAll();
  if (opts.ids) q = q.where('id', 'in', opts.ids);
  else if (!opts.includeArchived) q = q.where('archived', '=', 0);
  const groups = await q.orderBy('name').orderBy('id').execute();
  if (groups.length === 0) return [];
  const ids = groups.map((g) => g.id);
  const [options, links] = await Promise.all([
    db
      .selectFrom('modifierOptions')
      .selectAll()
      .where('groupId', 'in', ids)
      .orderBy('groupId')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('menuItemModifierGroups')
      .select(['groupId', 'menuItemId', 'position'])
      .where('groupId', 'in', ids)
      .orderBy('menuItemId')
      .execute(),
  ]);
  const out = groups.map((g) =>
    toGroup(
      g,
      options.filter((o) => o.groupId === g.id),
      links.filter((l) => l.groupId === g.id),
    ),
  );
  if (!opts.ids) return out;
  const byId = new Map(out.map((g) => [g.id, g]));
  return opts.ids.map((id) => byId.get(id)).filter((g): g is ModifierGroup => g !== undefined);
}

export async function listModifierGroups(
  ctx: CoreContext,
  input: { includeArchived?: boolean | undefined },
): Promise<{ groups: ModifierGroup[] }> {
  return {
    groups: await loadGroups(ctx.dbh.db, { includeArchived: input.includeArchived === true }),
  };
}

async function insertOptions(
  ctx: CoreContext,
  trx: Db,
  groupId: string,
  options: OptionInput[],
  startPosition: number,
): Promise<void> {
  await trx
    .insertInto('modifierOptions')
    .values(
      options.map((o, i) => ({
        id: ctx.newId(),
        groupId,
        position: startPosition + i,
        name: o.name,
        priceDelta: o.priceDelta ?? 0,
        available: o.available === false ? 0 : 1,
      })),
    )
    .execute();
}

export async function createModifierGroup(
  ctx: CoreContext,
  input: z.infer<typeof createModifierGroupInput>,
): Promise<ModifierGroup> {
  await refuseHubOwned(ctx, 'the menu is');
  if (input.options.some((o) => o.id !== undefined))
    throw invalid('options', 'a new group has no existing options to keep (leave out id)');
  const rule = choiceRule(input, null, input.options.length);
  const id = ctx.newId();
  const at = ctx.clock().toISOString();
  await ctx.dbh.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('modifierGroups')
      .values({ id, name: input.name, ...rule, createdAt: at, updatedAt: at })
      .execute();
    await insertOptions(ctx, trx, id, input.options, 0);
  });
  const [group] = await loadGroups(ctx.dbh.db, { ids: [id] });
  return group!;
}

export async function updateModifierGroup(
  ctx: CoreContext,
  input: z.infer<typeof updateModifierGroupInput>,
): Promise<ModifierGroup> {
  await refuseHubOwned(ctx, 'the menu is');
  await ctx.dbh.db.transaction().execute(async (trx) => {
    const group = await trx
      .selectFrom('modifierGroups')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!group) throw new PosError('not_found', 'no such modifier group', { id: input.id });
    const existing = await trx
      .selectFrom('modifierOptions')
      .selectAll()
      .where('groupId', '=', input.id)
      .execute();
    const liveCount = input.options?.length ?? existing.filter((o) => o.archived === 0).length;
    const rule = choiceRule(input, group, liveCount);
    const at = ctx.clock().toISOString();
    if (input.options) {
      const mine = new Map(existing.map((o) => [o.id, o]));
      for (const [i, o] of input.options.entries())
        if (o.id !== undefined && !mine.has(o.id))
          throw invalid(`options.${i}.id`, 'not an option of this group');
      // Retire everything, then bring back (and re-order) what was given: one pass, no gaps.
      const base = existing.length === 0 ? 0 : Math.max(...existing.map((o) => o.position)) + 1;
      await trx
        .updateTable('modifierOptions')
        .set({ archived: 1 })
        .where('groupId', '=', input.id)
        .execute();
      const fresh: OptionInput[] = [];
      for (const [i, o] of input.options.entries()) {
        if (o.id === undefined) {
          fresh.push(o);
          continue;
        }
        const old = mine.get(o.id)!;
        await trx
          .updateTable('modifierOptions')
          .set({
            archived: 0,
            position: base + i,
            name: o.name,
            priceDelta: o.priceDelta ?? old.priceDelta,
            available: o.available === undefined ? old.available : o.available ? 1 : 0,
          })
          .where('id', '=', o.id)
          .execute();
      }
      if (fresh.length > 0)
        await insertOptions(ctx, trx, input.id, fresh, base + input.options.length);
    }
    await trx
      .updateTable('modifierGroups')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.archived !== undefined ? { archived: input.archived ? 1 : 0 } : {}),
        ...rule,
        updatedAt: at,
      })
      .where('id', '=', input.id)
      .execute();
  });
  const [group] = await loadGroups(ctx.dbh.db, { ids: [input.id] });
  return group!;
}

/**
 * The item offers exactly these groups, in this order: checked and written inside the caller's
 * transaction (PUT /menu/items/:id/modifier-groups, and an item saved with `modifierGroupIds`).
 */
export async function writeItemGroups(
  trx: Db,
  menuItemId: string,
  groupIds: string[],
  path: string,
) {
  if (groupIds.length > 0) {
    const found = await trx
      .selectFrom('modifierGroups')
      .select(['id', 'archived'])
      .where('id', 'in', groupIds)
      .execute();
    const live = new Set(found.filter((g) => g.archived === 0).map((g) => g.id));
    const i = groupIds.findIndex((g) => !live.has(g));
    if (i !== -1) throw invalid(`${path}.${i}`, 'no such modifier group (or it is archived)');
  }
  await trx.deleteFrom('menuItemModifierGroups').where('menuItemId', '=', menuItemId).execute();
  if (groupIds.length > 0)
    await trx
      .insertInto('menuItemModifierGroups')
      .values(groupIds.map((groupId, position) => ({ menuItemId, groupId, position })))
      .execute();
}

/** The groups an item offers, in its own order (the order the till asks them). */
export async function itemGroups(db: Db, menuItemId: string): Promise<ModifierGroup[]> {
  const links = await db
    .selectFrom('menuItemModifierGroups')
    .select('groupId')
    .where('menuItemId', '=', menuItemId)
    .orderBy('position')
    .execute();
  return loadGroups(db, { ids: links.map((l) => l.groupId) });
}

/** GET /menu/items/:id/modifier-groups. */
export async function listItemModifierGroups(
  ctx: CoreContext,
  input: { id: string },
): Promise<{ menuItemId: string; groups: ModifierGroup[] }> {
  const item = await ctx.dbh.db
    .selectFrom('menuItems')
    .select('id')
    .where('id', '=', input.id)
    .executeTakeFirst();
  if (!item) throw new PosError('not_found', 'no such menu item', { id: input.id });
  return { menuItemId: input.id, groups: await itemGroups(ctx.dbh.db, input.id) };
}

/** PUT /menu/items/:id/modifier-groups: the item offers exactly these groups, in this order. */
export async function setItemModifierGroups(
  ctx: CoreContext,
  input: { id: string; groupIds: string[] },
): Promise<{ menuItemId: string; groups: ModifierGroup[] }> {
  await refuseHubOwned(ctx, 'the menu is');
  await ctx.dbh.db.transaction().execute(async (trx) => {
    const item = await trx
      .selectFrom('menuItems')
      .select('id')
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!item) throw new PosError('not_found', 'no such menu item', { id: input.id });
    await writeItemGroups(trx, input.id, input.groupIds, 'groupIds');
  });
  return { menuItemId: input.id, groups: await loadGroups(ctx.dbh.db, { ids: input.groupIds }) };
}
