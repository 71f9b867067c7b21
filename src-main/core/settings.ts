import {
  DEFAULT_SETTINGS,
  businessSettingsSchema,
  type BusinessSettings,
} from '../../src-shared/contract/settings';
import { recordAudit } from './audit/record';
import type { CoreContext } from './context';
import { refuseHubOwned } from './sync/owned';

/** The settings' key in the handle's memo (a pull of settings forgets it, core/sync/pull.ts). */
export const SETTINGS_MEMO_KEY = 'settings';
const MEMO_KEY = SETTINGS_MEMO_KEY;

/**
 * The business settings: stored values over the defaults (one row per key). Kept in the handle's
 * memo (db/memo.ts) until `updateSettings` writes or another process commits: every order asks.
 * The kept value is frozen, deeply, so every caller shares it and nobody can change it (a copy per
 * call, as before, was 1 % of an order's CPU under load, issue 13; a write to it now throws).
 */
export function getSettings(ctx: CoreContext): BusinessSettings {
  return ctx.dbh.memo.get(MEMO_KEY, () => deepFreeze(structuredClone(readSettings(ctx))));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function readSettings(ctx: CoreContext): BusinessSettings {
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

export async function updateSettings(
  ctx: CoreContext,
  patch: Partial<BusinessSettings>,
  actorId: string | null = null,
): Promise<BusinessSettings> {
  await refuseHubOwned(ctx, 'the shop settings are');
  const now = ctx.clock().toISOString();
  const before = getSettings(ctx);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  // Forgotten whatever the outcome: a reader may have kept a value read inside the open batch.
  try {
    await writeSettings(ctx, patch, actorId, now, before, changes);
  } finally {
    ctx.dbh.memo.forget(MEMO_KEY);
  }
  return getSettings(ctx);
}

async function writeSettings(
  ctx: CoreContext,
  patch: Partial<BusinessSettings>,
  actorId: string | null,
  now: string,
  before: BusinessSettings,
  changes: Record<string, { from: unknown; to: unknown }>,
): Promise<void> {
  await ctx.dbh.db.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const json = JSON.stringify(value);
      await trx
        .insertInto('settings')
        .values({ key, value: json, updatedAt: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updatedAt: now }))
        .execute();
      const from = before[key as keyof BusinessSettings];
      if (JSON.stringify(from) !== json) changes[key] = { from, to: value };
    }
    if (Object.keys(changes).length) {
      await recordAudit(trx, ctx, { type: 'settings_change', actorId, details: { changes } });
    }
  });
}
