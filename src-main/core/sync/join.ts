/**
 * Joining a hub with its address and a one-time pairing code, and leaving it (docs/hub.md
 * "Joining"). Nothing is stored until the hub accepted the code; then the link goes to the
 * terminal settings, the till is marked joined, and it seeds an empty hub with its catalog or
 * pulls the hub's.
 */
import type Database from 'better-sqlite3';
import {
  HUB_PROTOCOL_VERSION,
  PULLED_ENTITIES,
  rowKey,
  type SeedRequest,
} from '../../../src-shared/hub-protocol';
import type { SyncStatus } from '../../../src-shared/contract/sync';
import { PosError } from '../../../src-shared/errors';
import { recordAudit } from '../audit/record';
import type { CoreContext } from '../context';
import { HubRefusal, HubUnreachable, type HubLink } from './port';
import { pullAll } from './pull';
import { checkProtocol, requireHub } from './push';
import { stopReason } from './round';
import {
  bumpOutboxSequence,
  pendingChanges,
  readSyncState,
  schemaVersion,
  syncStatus,
} from './state';

function fieldError(path: 'url' | 'code', message: string): PosError {
  return new PosError('validation_error', `${path}: ${message}`, {
    issues: [{ path, message, code: 'custom' }],
  });
}

/** The catalog an empty hub takes from the first till (customers stay: they are pushed). */
export function catalogRows(sqlite: Database.Database): SeedRequest['rows'] {
  const rows: SeedRequest['rows'] = [];
  for (const [entity, columns] of Object.entries(PULLED_ENTITIES)) {
    if (entity === 'customers') continue;
    const all = sqlite.prepare(`SELECT * FROM "${entity}"`).all() as Record<string, unknown>[];
    for (const row of all) rows.push({ entity, key: rowKey(columns, row), row });
  }
  return rows;
}

export async function joinHub(
  ctx: CoreContext,
  input: { url: string; code: string; tillName?: string },
  actorId: string | null,
): Promise<SyncStatus> {
  const hub = requireHub(ctx);
  const url = input.url.trim().replace(/\/+$/, '');
  const joined = await ctx.dbh.exclusive((sqlite) => readSyncState(sqlite).joined);
  if (joined)
    throw new PosError('conflict', 'this till is already joined to a hub; leave it first');
  const version = await ctx.dbh.exclusive(schemaVersion);
  let paired;
  try {
    paired = await hub.port.pair(url, {
      code: input.code,
      ...(input.tillName ? { tillName: input.tillName } : {}),
      schemaVersion: version,
      protocol: HUB_PROTOCOL_VERSION,
    });
    checkProtocol(paired.protocol);
  } catch (e) {
    if (e instanceof HubUnreachable)
      throw fieldError('url', `no hub answered at ${url} (${e.message})`);
    if (e instanceof HubRefusal && e.code === 'pairing_code_invalid')
      throw fieldError('code', 'the hub does not know this code, or it was used or has expired');
    const stop = stopReason(e);
    if (stop === 'protocol')
      throw new PosError('conflict', 'this hub is newer than this till: update this till first');
    if (stop === 'hub_outdated')
      throw new PosError('conflict', 'this till is newer than the hub: update the hub first');
    if (e instanceof HubRefusal)
      throw new PosError('conflict', `the hub refused to pair: ${e.message}`);
    throw e;
  }
  const link: HubLink = {
    url,
    token: paired.token,
    hubId: paired.hubId,
    storeId: paired.storeId,
    storeName: paired.storeName,
    tillId: paired.tillId,
    tillName: paired.tillName,
  };
  hub.links.write(link);
  // Changes made before joining stay this till's own: the outbox starts empty, numbered above
  // whatever the hub already holds for this till.
  await ctx.dbh.exclusive((sqlite) =>
    sqlite.transaction(() => {
      sqlite.prepare('DELETE FROM sync_outbox').run();
      bumpOutboxSequence(sqlite, paired.ackedSeq);
      sqlite
        .prepare(
          `UPDATE sync_state SET joined = 1, acked_seq = ?, catalog_version = 0, offline_since = NULL,
             last_error = NULL, stopped = NULL, last_push_at = NULL, last_pull_at = NULL WHERE id = 1`,
        )
        .run(paired.ackedSeq);
    })(),
  );
  await recordAudit(ctx.dbh.db, ctx, {
    type: 'settings_change',
    actorId,
    subject: { type: 'hub', id: paired.hubId },
    details: { hub: 'joined', url, storeId: paired.storeId, tillId: paired.tillId },
  });
  ctx.log.info({ url, storeId: paired.storeId, tillId: paired.tillId }, 'joined the store hub');
  await seedOrPull(ctx, link);
  return syncStatus(ctx);
}

/** First till of an empty hub: bring the catalog. Otherwise (or then) take the hub's. */
async function seedOrPull(ctx: CoreContext, link: HubLink): Promise<void> {
  const hub = requireHub(ctx);
  try {
    const state = await hub.port.state(link);
    checkProtocol(state.protocol);
    if (state.catalogVersion === 0) {
      const rows = await ctx.dbh.exclusive(catalogRows);
      try {
        await hub.port.seed(link, {
          protocol: HUB_PROTOCOL_VERSION,
          schemaVersion: await ctx.dbh.exclusive(schemaVersion),
          rows,
        });
        ctx.log.info({ rows: rows.length }, 'seeded the hub with this till’s catalog');
      } catch (e) {
        // Another till seeded first: its catalog wins, and this till takes it below.
        if (!(e instanceof HubRefusal && e.code === 'conflict')) throw e;
      }
    }
    await pullAll(ctx, link);
  } catch (e) {
    // Joined all the same: the worker tries again, and the status says what went wrong.
    const message = e instanceof Error ? e.message : String(e);
    ctx.log.warn(`joined, but the first sync failed: ${message}`);
    await ctx.dbh.exclusive((sqlite) =>
      sqlite
        .prepare(
          `UPDATE sync_state SET last_error = ?,
             offline_since = CASE WHEN ? THEN coalesce(offline_since, ?) ELSE offline_since END
           WHERE id = 1`,
        )
        .run(message, e instanceof HubUnreachable ? 1 : 0, ctx.clock().toISOString()),
    );
  }
}

export async function leaveHub(
  ctx: CoreContext,
  input: { force?: boolean },
  actorId: string | null,
): Promise<SyncStatus> {
  const hub = requireHub(ctx);
  const { joined, pending } = await ctx.dbh.exclusive((sqlite) => ({
    joined: readSyncState(sqlite).joined,
    pending: pendingChanges(sqlite),
  }));
  if (!joined) throw new PosError('conflict', 'this till is not joined to a hub');
  if (pending > 0 && !input.force)
    throw new PosError(
      'conflict',
      `${pending} change(s) have not reached the hub yet; wait for them, or leave anyway (force)`,
      { pending },
    );
  const link = hub.links.read();
  await ctx.dbh.exclusive((sqlite) =>
    sqlite.transaction(() => {
      sqlite.prepare('DELETE FROM sync_outbox').run();
      sqlite
        .prepare(
          `UPDATE sync_state SET joined = 0, offline_since = NULL, last_error = NULL, stopped = NULL
           WHERE id = 1`,
        )
        .run();
    })(),
  );
  hub.links.write(null);
  await recordAudit(ctx.dbh.db, ctx, {
    type: 'settings_change',
    actorId,
    subject: { type: 'hub', id: link?.hubId ?? 'unknown' },
    details: { hub: 'left', url: link?.url ?? null, dropped: pending },
  });
  ctx.log.info({ url: link?.url, dropped: pending }, 'left the store hub');
  return syncStatus(ctx);
}
