/**
 * Checking the modifiers chosen for an order line against the groups its menu item offers, and
 * copying them (names and price deltas) into the line. Runs inside the order's transaction,
 * before its first write, so a refused choice leaves nothing behind.
 */
import type { OrderItemModifier } from '../../../src-shared/contract/orders';
import { PosError } from '../../../src-shared/errors';
import type { Db } from '../../db/schema';
import { inList, prepared } from '../../db/prepared';

interface OptionRule {
  id: string;
  name: string;
  priceDelta: number;
  available: boolean;
  position: number;
}

export interface GroupRule {
  id: string;
  name: string;
  minChoices: number;
  maxChoices: number;
  options: Map<string, OptionRule>;
}

// Compiled once (issue 13): the ids go in as one JSON list (db/prepared.ts `inList`).
const groupLinksOf = prepared((db, menuItemIds: string) =>
  db
    .selectFrom('menuItemModifierGroups as l')
    .innerJoin('modifierGroups as g', 'g.id', 'l.groupId')
    .select(['l.menuItemId', 'l.position', 'g.id', 'g.name', 'g.minChoices', 'g.maxChoices'])
    .where('l.menuItemId', 'in', inList<string>(menuItemIds))
    .where('g.archived', '=', 0)
    .orderBy('l.menuItemId')
    .orderBy('l.position'),
);
const liveOptionsOf = prepared((db, groupIds: string) =>
  db
    .selectFrom('modifierOptions')
    .select(['id', 'groupId', 'name', 'priceDelta', 'available', 'position'])
    .where('groupId', 'in', inList<string>(groupIds))
    .where('archived', '=', 0),
);

/**
 * The live groups each menu item offers, in the item's order (two queries for the whole order).
 * `idList` is `menuItemIds` as JSON when the caller already has it.
 */
export async function loadModifierRules(
  trx: Db,
  menuItemIds: string[],
  idList = JSON.stringify(menuItemIds),
): Promise<Map<string, GroupRule[]>> {
  const out = new Map<string, GroupRule[]>();
  if (menuItemIds.length === 0) return out;
  const links = await groupLinksOf(trx, idList);
  if (links.length === 0) return out;
  const options = await liveOptionsOf(trx, JSON.stringify([...new Set(links.map((l) => l.id))]));
  const rules = new Map<string, GroupRule>();
  for (const l of links) {
    let rule = rules.get(l.id);
    if (!rule) {
      rule = {
        id: l.id,
        name: l.name,
        minChoices: l.minChoices,
        maxChoices: l.maxChoices,
        options: new Map(),
      };
      for (const o of options)
        if (o.groupId === l.id)
          rule.options.set(o.id, {
            id: o.id,
            name: o.name,
            priceDelta: o.priceDelta,
            available: o.available === 1,
            position: o.position,
          });
      rules.set(l.id, rule);
    }
    const list = out.get(l.menuItemId) ?? [];
    list.push(rule);
    out.set(l.menuItemId, list);
  }
  return out;
}

/**
 * The chosen options of one line, checked and in canonical order (the item's group order, then
 * each group's option order), so tickets and receipts read the same however the till sent them.
 * Errors (422): `unknown_modifier` (not an option this item offers), `modifier_unavailable`,
 * `modifier_required` (a required group left out), `modifier_count` (too few or too many).
 */
export function chooseModifiers(
  groups: GroupRule[] | undefined,
  optionIds: readonly string[] | undefined,
  where: { line: number; menuItemId: string },
): OrderItemModifier[] {
  const chosen = optionIds ?? [];
  const offered = groups ?? [];
  if (new Set(chosen).size !== chosen.length)
    throw new PosError(
      'validation_error',
      `items.${where.line}.modifiers: each option at most once`,
      {
        issues: [
          {
            path: `items.${where.line}.modifiers`,
            message: 'each option at most once',
            code: 'custom',
          },
        ],
      },
    );
  const picked = new Map<string, OptionRule[]>();
  for (const optionId of chosen) {
    const group = offered.find((g) => g.options.has(optionId));
    const option = group?.options.get(optionId);
    if (!group || !option)
      throw new PosError('unknown_modifier', `option ${optionId} is not offered with this item`, {
        ...where,
        optionId,
      });
    if (!option.available)
      throw new PosError('modifier_unavailable', `${option.name} is unavailable`, {
        ...where,
        optionId,
      });
    picked.set(group.id, [...(picked.get(group.id) ?? []), option]);
  }
  const out: OrderItemModifier[] = [];
  for (const g of offered) {
    const mine = picked.get(g.id) ?? [];
    if (mine.length === 0 && g.minChoices > 0)
      throw new PosError('modifier_required', `choose a ${g.name}`, {
        ...where,
        groupId: g.id,
        groupName: g.name,
        minChoices: g.minChoices,
      });
    if (mine.length < g.minChoices || mine.length > g.maxChoices)
      throw new PosError(
        'modifier_count',
        `${g.name}: choose ${g.minChoices === g.maxChoices ? g.minChoices : `${g.minChoices} to ${g.maxChoices}`}`,
        {
          ...where,
          groupId: g.id,
          groupName: g.name,
          minChoices: g.minChoices,
          maxChoices: g.maxChoices,
          chosen: mine.length,
        },
      );
    for (const o of mine.sort((a, b) => a.position - b.position))
      out.push({
        groupId: g.id,
        groupName: g.name,
        optionId: o.id,
        name: o.name,
        priceDelta: o.priceDelta,
      });
  }
  return out;
}
