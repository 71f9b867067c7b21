/**
 * The shop settings a hub edits (issue 16): the shop's name and the receipt's header and footer,
 * since a joined till refuses to change its settings. Each is the till's settings row (key,
 * value as JSON text, updated_at), validated with the till's own schema (businessSettingsSchema).
 */
import type { z } from 'zod';
import { businessSettingsSchema, DEFAULT_SETTINGS } from '../../src-shared/contract/settings';
import type { lockCatalog } from './catalog';
import { writeCatalog } from './catalog';
import type { HubContext } from './context';
import type { HubDb } from './db';

const HUB_SETTINGS = ['storeName', 'receiptHeader', 'receiptFooter'] as const;
type HubSettingKey = (typeof HUB_SETTINGS)[number];

export const settingsPatch = businessSettingsSchema
  .pick({ storeName: true, receiptHeader: true, receiptFooter: true })
  .partial()
  .refine(
    (p) => Object.keys(p).length > 0,
    'change at least one of storeName, receiptHeader, receiptFooter',
  );

type Db = HubDb | Parameters<typeof lockCatalog>[0];

/** The stored values over the till's defaults; a value that no longer validates is the default, as on the till. */
async function readSettings(db: Db) {
  const rows = await db
    .selectFrom('catalog_rows')
    .select(['key', 'row', 'version'])
    .where('entity', '=', 'settings')
    .where('key', 'in', [...HUB_SETTINGS])
    .where('deleted', '=', false)
    .execute();
  const out: Record<HubSettingKey, string> = {
    storeName: DEFAULT_SETTINGS.storeName,
    receiptHeader: DEFAULT_SETTINGS.receiptHeader,
    receiptFooter: DEFAULT_SETTINGS.receiptFooter,
  };
  let version = 0;
  for (const r of rows) {
    const key = r.key as HubSettingKey;
    let value: unknown;
    try {
      value = JSON.parse(String(r.row?.value));
    } catch {
      continue;
    }
    const one = businessSettingsSchema.shape[key].safeParse(value);
    if (one.success) out[key] = one.data;
    version = Math.max(version, r.version);
  }
  return { ...out, version };
}

export async function getHubSettings(ctx: HubContext) {
  return readSettings(ctx.db);
}

export async function updateHubSettings(ctx: HubContext, patch: z.infer<typeof settingsPatch>) {
  const now = ctx.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const writes = HUB_SETTINGS.filter((k) => patch[k] !== undefined).map((key) => ({
      entity: 'settings',
      key,
      row: { key, value: JSON.stringify(patch[key]), updated_at: at },
    }));
    await writeCatalog(trx, now, writes);
    return readSettings(trx);
  });
}
