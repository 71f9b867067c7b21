/**
 * Push: the outbox's oldest entries, collapsed per row to the row's state now, sent as one
 * batch; entries are deleted only after the hub answered that it committed them (docs/hub.md).
 */
import type Database from 'better-sqlite3';
import {
  HUB_PROTOCOL_VERSION,
  PUSHED_ENTITIES,
  type PushedChange,
  type PushRequest,
  type PushResponse,
} from '../../../src-shared/hub-protocol';
import type { CoreContext } from '../context';
import type { HubLink } from './port';
import { readRow } from './rows';
import { readSyncState, schemaVersion } from './state';

interface OutboxEntry {
  seq: number;
  entity: string;
  key: string;
}

/**
 * The next batch, or null when nothing waits. Several entries for one row become one change at
 * the row's last seq in the batch, carrying its state now (or a delete when the row is gone).
 */
export function readBatch(sqlite: Database.Database, limit: number): PushRequest | null {
  const state = readSyncState(sqlite);
  const entries = sqlite
    .prepare('SELECT seq, entity, key FROM sync_outbox WHERE seq > ? ORDER BY seq LIMIT ?')
    .all(state.acked_seq, limit) as OutboxEntry[];
  const last = entries.at(-1);
  if (!last) return null;
  const lastSeqOfRow = new Map<string, OutboxEntry>();
  for (const e of entries) lastSeqOfRow.set(`${e.entity}\u0000${e.key}`, e);
  const changes: PushedChange[] = [];
  for (const e of [...lastSeqOfRow.values()].sort((a, b) => a.seq - b.seq)) {
    const columns = (PUSHED_ENTITIES as Record<string, readonly string[]>)[e.entity];
    if (!columns) continue;
    const row = readRow(sqlite, e.entity, columns, e.key);
    changes.push({ seq: e.seq, entity: e.entity, key: e.key, op: row ? 'upsert' : 'delete', row });
  }
  return {
    protocol: HUB_PROTOCOL_VERSION,
    schemaVersion: schemaVersion(sqlite),
    afterSeq: state.acked_seq,
    lastSeq: last.seq,
    changes,
  };
}

/** After the hub's 200: what it committed is dropped from the outbox, in one transaction. */
export function recordAck(sqlite: Database.Database, ackedSeq: number, at: string): void {
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM sync_outbox WHERE seq <= ?').run(ackedSeq);
    sqlite
      .prepare(
        `UPDATE sync_state SET acked_seq = max(acked_seq, ?), last_push_at = ?, offline_since = NULL,
           last_error = NULL WHERE id = 1`,
      )
      .run(ackedSeq, at);
  })();
}

/**
 * Sends one batch; returns what the hub answered, or null when nothing was waiting. Refusals
 * and network failures are thrown to the caller (core/sync/round.ts records them).
 */
export async function pushBatch(
  ctx: CoreContext,
  link: HubLink,
  limit = 500,
): Promise<(PushResponse & { sent: number }) | null> {
  const hub = requireHub(ctx);
  const batch = await ctx.dbh.exclusive((sqlite) => readBatch(sqlite, limit));
  if (!batch) return null;
  const answer = await hub.port.push(link, batch);
  checkProtocol(answer.protocol);
  await ctx.dbh.exclusive((sqlite) =>
    recordAck(sqlite, answer.ackedSeq, ctx.clock().toISOString()),
  );
  return { ...answer, sent: batch.changes.length };
}

/** A hub newer than this till is never half-understood: syncing stops until the till is updated. */
export class HubTooNew extends Error {
  constructor(readonly hubProtocol: number) {
    super(
      `the hub speaks protocol ${hubProtocol}, this till ${HUB_PROTOCOL_VERSION}: update this till`,
    );
    this.name = 'HubTooNew';
  }
}

export function checkProtocol(protocol: number): void {
  if (protocol > HUB_PROTOCOL_VERSION) throw new HubTooNew(protocol);
}

export function requireHub(ctx: CoreContext): NonNullable<CoreContext['hub']> {
  if (!ctx.hub) throw new Error('this process has no connection to a hub');
  return ctx.hub;
}
