/**
 * The till side of the hub API (src-shared/hub-protocol.ts): pairing, push, state, pull, seed.
 * A push is one PostgreSQL transaction that locks the till's row first, so two hub processes
 * answering the same till's retries one after the other still apply a batch exactly once.
 */
import { sql } from 'kysely';
import {
  HUB_PROTOCOL_VERSION,
  PULLED_ENTITIES,
  PUSHED_ENTITIES,
  rowKey,
  type PairRequest,
  type PairResponse,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type SeedRequest,
  type SyncStateResponse,
} from '../../src-shared/hub-protocol';
import {
  catalogChanges,
  catalogVersion,
  lockCatalog,
  PULL_LIMIT_DEFAULT,
  PULL_LIMIT_MAX,
  SEED_ORDER,
  writeCatalog,
  type CatalogWrite,
} from './catalog';
import type { HubContext } from './context';
import { HubError } from './errors';
import { newTillToken, pairingCodeHash, sha256, type TillIdentity } from './tills';

export async function pair(ctx: HubContext, input: PairRequest): Promise<PairResponse> {
  const now = ctx.now();
  const token = newTillToken();
  // One statement: of two tills racing with one code, exactly one gets the row.
  const till = await ctx.db
    .updateTable('tills')
    .set({
      pairing_code_hash: null,
      pairing_expires_at: null,
      token_hash: sha256(token),
      paired_at: now,
      schema_version: input.schemaVersion,
    })
    .where('pairing_code_hash', '=', pairingCodeHash(input.code))
    .where('pairing_expires_at', '>', now)
    .where('revoked_at', 'is', null)
    .returning(['id', 'store_id', 'name', 'acked_seq'])
    .executeTakeFirst();
  if (!till)
    throw new HubError(
      'pairing_code_invalid',
      'this pairing code is wrong, was already used or has expired; ask the hub for a new one',
    );
  const [store, meta] = await Promise.all([
    ctx.db
      .selectFrom('stores')
      .select('name')
      .where('id', '=', till.store_id)
      .executeTakeFirstOrThrow(),
    ctx.db.selectFrom('hub_meta').select('hub_id').executeTakeFirstOrThrow(),
  ]);
  ctx.log.info({ tillId: till.id, storeId: till.store_id }, 'till paired');
  return {
    protocol: HUB_PROTOCOL_VERSION,
    hubId: meta.hub_id,
    storeId: till.store_id,
    storeName: store.name,
    tillId: till.id,
    tillName: till.name,
    token,
    ackedSeq: till.acked_seq,
  };
}

function keyColumns(entity: string, table: Record<string, readonly string[]>) {
  return Object.hasOwn(table, entity) ? table[entity] : undefined;
}

/** Every change of a batch is checked before anything is written: one bad change refuses all. */
function checkBatch(req: PushRequest): void {
  if (req.lastSeq <= req.afterSeq)
    throw new HubError('validation_error', 'lastSeq must be above afterSeq', {
      afterSeq: req.afterSeq,
      lastSeq: req.lastSeq,
    });
  let prev = req.afterSeq;
  for (const [i, c] of req.changes.entries()) {
    const cols = keyColumns(c.entity, PUSHED_ENTITIES);
    if (!cols)
      throw new HubError('unknown_entity', `the hub does not take ${c.entity}`, {
        entity: c.entity,
        seq: c.seq,
      });
    if (c.seq <= prev || c.seq > req.lastSeq)
      throw new HubError(
        'validation_error',
        'change sequences must increase strictly within (afterSeq, lastSeq]',
        { path: ['changes', i, 'seq'], seq: c.seq },
      );
    prev = c.seq;
    if (c.op === 'upsert') {
      if (!c.row)
        throw new HubError('validation_error', 'an upsert carries the row', {
          path: ['changes', i, 'row'],
        });
      if (
        cols.some((col) => c.row?.[col] === undefined || c.row[col] === null) ||
        rowKey(cols, c.row) !== c.key
      )
        throw new HubError(
          'validation_error',
          `the key does not match the row's ${cols.join(', ')}`,
          {
            path: ['changes', i, 'key'],
          },
        );
    } else if (c.row !== null) {
      throw new HubError('validation_error', 'a delete carries no row', {
        path: ['changes', i, 'row'],
      });
    }
  }
}

export async function push(
  ctx: HubContext,
  till: TillIdentity,
  req: PushRequest,
): Promise<PushResponse> {
  checkBatch(req);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('tills')
      .select(['acked_seq', 'revoked_at'])
      .where('id', '=', till.id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new HubError('unknown_till', 'this hub does not know this till');
    if (row.revoked_at) throw new HubError('till_revoked', 'this till was revoked on the hub');
    const acked = row.acked_seq;
    if (req.lastSeq <= acked)
      return { protocol: HUB_PROTOCOL_VERSION, ackedSeq: acked, applied: 0 };
    if (req.afterSeq !== acked)
      throw new HubError('sequence_gap', `the hub has this till up to ${acked}; send from there`, {
        expectedAfterSeq: acked,
        afterSeq: req.afterSeq,
      });
    // The protocol collapses a row's entries into one; should a till send two anyway, the later
    // state wins (one statement cannot upsert a key twice).
    const latest = new Map(req.changes.map((c) => [`${c.entity}\u0000${c.key}`, c]));
    const changes = [...latest.values()];
    if (changes.length) {
      await sql`INSERT INTO till_rows (till_id, entity, key, row, seq, received_at)
        SELECT ${till.id}, e, k, r::jsonb, s, ${now}
        FROM unnest(${changes.map((c) => c.entity)}::text[], ${changes.map((c) => c.key)}::text[],
          ${changes.map((c) => (c.row ? JSON.stringify(c.row) : null))}::text[],
          ${changes.map((c) => c.seq)}::bigint[]) AS t(e, k, r, s)
        ON CONFLICT (till_id, entity, key) DO UPDATE
          SET row = excluded.row, seq = excluded.seq, received_at = excluded.received_at`.execute(
        trx,
      );
    }
    // Customers are shared: whatever a till made or changed becomes the catalog's row.
    const customers: CatalogWrite[] = changes
      .filter((c) => c.entity === 'customers')
      .map((c) => ({ entity: 'customers', key: c.key, row: c.row }));
    if (customers.length) await writeCatalog(trx, now, customers);
    await trx
      .updateTable('tills')
      .set({ acked_seq: req.lastSeq, last_push_at: now, schema_version: req.schemaVersion })
      .where('id', '=', till.id)
      .execute();
    return { protocol: HUB_PROTOCOL_VERSION, ackedSeq: req.lastSeq, applied: req.changes.length };
  });
}

export async function syncState(ctx: HubContext, till: TillIdentity): Promise<SyncStateResponse> {
  const [row, version] = await Promise.all([
    ctx.db
      .selectFrom('tills')
      .select('acked_seq')
      .where('id', '=', till.id)
      .executeTakeFirstOrThrow(),
    catalogVersion(ctx.db),
  ]);
  return {
    protocol: HUB_PROTOCOL_VERSION,
    tillId: till.id,
    storeId: till.storeId,
    ackedSeq: row.acked_seq,
    catalogVersion: version,
  };
}

export async function pull(
  ctx: HubContext,
  till: TillIdentity,
  query: { after: number; limit?: number | undefined },
): Promise<PullResponse> {
  const limit = Math.min(query.limit ?? PULL_LIMIT_DEFAULT, PULL_LIMIT_MAX);
  // The cursor a till pulls after is what it has applied: that is its catalog lag.
  await ctx.db
    .updateTable('tills')
    .set({ pulled_version: query.after, last_pull_at: ctx.now() })
    .where('id', '=', till.id)
    .execute();
  const page = await catalogChanges(ctx, till.storeId, query.after, limit);
  return { protocol: HUB_PROTOCOL_VERSION, ...page };
}

export async function seed(ctx: HubContext, till: TillIdentity, req: SeedRequest) {
  for (const [i, r] of req.rows.entries()) {
    const cols = keyColumns(r.entity, PULLED_ENTITIES);
    if (!cols)
      throw new HubError('unknown_entity', `the hub's catalog has no ${r.entity}`, {
        entity: r.entity,
      });
    if (rowKey(cols, r.row) !== r.key)
      throw new HubError(
        'validation_error',
        `the key does not match the row's ${cols.join(', ')}`,
        {
          path: ['rows', i, 'key'],
        },
      );
  }
  const order = (e: string) => SEED_ORDER.indexOf(e);
  const rows = [...req.rows].sort((a, b) => order(a.entity) - order(b.entity));
  const now = ctx.now();
  const version = await ctx.db.transaction().execute(async (trx) => {
    await lockCatalog(trx);
    // Customers pushed by tills do not make a catalog: the menu, staff and settings do.
    const any = await trx
      .selectFrom('catalog_rows')
      .select('key')
      .where('entity', '!=', 'customers')
      .limit(1)
      .executeTakeFirst();
    if (any)
      throw new HubError('conflict', 'the hub already has a catalog; this till pulls it instead');
    return writeCatalog(trx, now, rows);
  });
  ctx.log.info({ tillId: till.id, rows: rows.length, version }, 'catalog seeded');
  return { protocol: HUB_PROTOCOL_VERSION, version, applied: rows.length };
}
