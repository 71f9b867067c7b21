import type { ModifierGroup, ModifierOption } from '../../src-shared/contract/modifiers';

/**
 * The groups a menu item offers at the till: live ones with something to choose, in the item's
 * own order (the one set in the Menu's item editor, which the server also files the choices in).
 */
export function groupsFor(itemId: string, groups: ModifierGroup[]): ModifierGroup[] {
  const place = (g: ModifierGroup) => g.itemPositions[itemId] ?? Number.MAX_SAFE_INTEGER;
  return groups
    .filter((g) => !g.archived && g.menuItemIds.includes(itemId))
    .map((g) => ({ ...g, options: g.options.filter((o) => o.available) }))
    .filter((g) => g.options.length > 0)
    .sort((a, b) => place(a) - place(b) || a.name.localeCompare(b.name));
}

/** "Choose 1", "Choose up to 3", "Choose 2 to 3": the rule of a group in the picker. */
export function ruleText(g: Pick<ModifierGroup, 'minChoices' | 'maxChoices'>): string {
  if (g.maxChoices === 1) return g.minChoices >= 1 ? 'choose 1' : 'optional';
  if (g.minChoices === 0) return `up to ${g.maxChoices}`;
  if (g.minChoices === g.maxChoices) return `choose ${g.minChoices}`;
  return `choose ${g.minChoices} to ${g.maxChoices}`;
}

/**
 * What is wrong with a choice, in words for the cashier, or null when it can be added. The
 * server checks the same rules again (modifier_required / modifier_count).
 */
export function choiceProblem(groups: ModifierGroup[], chosen: Set<string>): string | null {
  for (const g of groups) {
    const n = g.options.filter((o) => chosen.has(o.id)).length;
    if (n < g.minChoices)
      return g.minChoices === 1
        ? `Choose a ${g.name.toLowerCase()} first.`
        : `Choose at least ${g.minChoices} for ${g.name}.`;
    if (n > g.maxChoices) return `Choose at most ${g.maxChoices} for ${g.name}.`;
  }
  return null;
}

export function chosenOptions(groups: ModifierGroup[], chosen: Set<string>): ModifierOption[] {
  return groups.flatMap((g) => g.options.filter((o) => chosen.has(o.id)));
}
