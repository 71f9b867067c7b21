import { useEffect, useState } from 'react';
import type { ModifierGroup } from '../../src-shared/contract/modifiers';
import type { MenuCategory, MenuItem } from '../../src-shared/contract/menu';
import type { Client } from '../api/client';
import { plainError } from '../lib/errors';

export interface TillMenu {
  categories: MenuCategory[];
  items: MenuItem[];
  groups: ModifierGroup[];
  error: string | null;
}

/** How often a till asks whether the menu changed: a sold-out switch shows within this. */
export const MENU_POLL_MS = 5_000;

/**
 * The menu a till shows, kept current: every few seconds it asks for the menu's revision (a few
 * bytes) and reads the whole menu again only when that moved, so an item marked sold out in the
 * back office (on this terminal or another) shows as sold out without a reload.
 */
export function useTillMenu(client: Client): TillMenu {
  const [menu, setMenu] = useState<TillMenu>({
    categories: [],
    items: [],
    groups: [],
    error: null,
  });
  useEffect(() => {
    let seen: string | null = null;
    let stopped = false;
    async function load() {
      const [c, i, g] = await Promise.all([
        client.listCategories({}),
        client.listMenuItems({}),
        client.listModifierGroups({}),
      ]);
      if (!stopped)
        setMenu({ categories: c.categories, items: i.items, groups: g.groups, error: null });
    }
    async function check() {
      try {
        const { revision } = await client.menuRevision({});
        if (revision === seen) return;
        await load();
        seen = revision;
      } catch (e) {
        // A failed poll keeps the menu on screen; the first failed load says why it is empty.
        if (!stopped)
          setMenu((m) => (m.items.length === 0 ? { ...m, error: plainError(e).message } : m));
      }
    }
    void check();
    const t = setInterval(() => void check(), MENU_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(t);
    };
  }, [client]);
  return menu;
}
