import {
  DEFAULT_SETTINGS,
  businessSettingsSchema,
  type BusinessSettings,
} from '../../src-shared/contract/settings';
import type { CoreContext } from './context';

/** Reads the business settings: stored values over the defaults (one row per key). */
export function getSettings(ctx: CoreContext): BusinessSettings {
  const rows = ctx.dbh.sqlite.prepare('SELECT key, value FROM settings').all() as {
    key: string;
    value: string;
  }[];
  const stored: Record<string, unknown> = {};
  for (const r of rows) stored[r.key] = JSON.parse(r.value);
  // A value written by an older build that no longer validates falls back to its default.
  const merged = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof BusinessSettings)[]) {
    if (!(key in stored)) continue;
    const one = businessSettingsSchema.shape[key].safeParse(stored[key]);
    if (one.success) (merged as Record<string, unknown>)[key] = one.data;
  }
  return merged;
}

export function updateSettings(
  ctx: CoreContext,
  patch: Partial<BusinessSettings>,
): BusinessSettings {
  const now = ctx.clock().toISOString();
  const upsert = ctx.dbh.sqlite.prepare(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  ctx.dbh.sqlite.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value), now);
    }
  })();
  return getSettings(ctx);
}
