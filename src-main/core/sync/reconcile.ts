/**
 * Till and hub agree on the till's sequence again: at start, after a restore, and after a 409
 * `sequence_gap`. What the hub holds (entries at or below its ackedSeq) is dropped from the
 * outbox, and the outbox's numbering moves above it, in one transaction: nothing is sent twice
 * and nothing new reuses a number the hub already committed.
 */
import type Database from 'better-sqlite3';
import type { CoreContext } from '../context';
import type { HubLink } from './port';
import { checkProtocol, requireHub } from './push';
import { bumpOutboxSequence } from './state';

export function alignWithHub(sqlite: Database.Database, hubAckedSeq: number): void {
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM sync_outbox WHERE seq <= ?').run(hubAckedSeq);
    bumpOutboxSequence(sqlite, hubAckedSeq);
    sqlite.prepare('UPDATE sync_state SET acked_seq = ? WHERE id = 1').run(hubAckedSeq);
  })();
}

export async function reconcileWithHub(
  ctx: CoreContext,
  link: HubLink,
): Promise<{ ackedSeq: number; catalogVersion: number }> {
  const state = await requireHub(ctx).port.state(link);
  checkProtocol(state.protocol);
  await ctx.dbh.exclusive((sqlite) => alignWithHub(sqlite, state.ackedSeq));
  return { ackedSeq: state.ackedSeq, catalogVersion: state.catalogVersion };
}
