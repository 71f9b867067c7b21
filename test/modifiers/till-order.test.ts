/**
 * The till asks an item's modifier groups in the item's own order (the one the Menu's item editor
 * sets), not required-first or by creation: the list the till loads says each group's place in
 * each item, and the picker's order follows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModifierGroup } from '../../src-shared/contract/modifiers';
import { groupsFor } from '../../src-renderer/till/modifiers';
import { removeTempDirs } from '../helpers/app';
import { counterWorld, get, type CounterWorld } from './support';

let w: CounterWorld;
beforeAll(async () => {
  w = await counterWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

const listed = async () =>
  (await get<{ groups: ModifierGroup[] }>(w, '/api/menu/modifier-groups', w.cashier)).body.groups;

describe("the till's modifier picker order", () => {
  it("follows the item's own order, even with an optional group before a required one", async () => {
    expect(groupsFor(w.latte.id, await listed()).map((g) => g.name)).toEqual([
      'Size',
      'Milk',
      'Extras',
    ]);
    // The owner asks the milk first, then extras, then the (required) size.
    const put = await w.ts.request(`/api/menu/items/${w.latte.id}/modifier-groups`, {
      method: 'PUT',
      token: w.manager,
      body: { groupIds: [w.milk.id, w.extras.id, w.size.id] },
    });
    expect(put.status, put.text).toBe(200);
    const groups = await listed();
    expect(groups.find((g) => g.name === 'Size')!.itemPositions).toEqual({ [w.latte.id]: 2 });
    expect(groupsFor(w.latte.id, groups).map((g) => g.name)).toEqual(['Milk', 'Extras', 'Size']);
    // An item that offers none gets none.
    expect(groupsFor(w.cake.id, groups)).toEqual([]);
  });
});
