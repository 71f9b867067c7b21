/**
 * A restore and the hub (docs/hub.md "Restore"): the hub link lives outside the database, so a
 * till joined before the restore stays joined after it, whatever the backup says; and the outbox
 * numbering never goes back, so a change written into the restored file (the restore's own audit
 * record) or made after it never reuses a number the hub already committed. The worker then asks
 * the hub where it stands and drops what it already has (core/sync/reconcile.ts).
 */
import Database from 'better-sqlite3';
import { bumpOutboxSequence } from './state';

export function carrySyncInto(candidatePath: string, live: Database.Database): void {
  // A live file from before migration 0017 (an offline restore onto an old data dir) has neither.
  if (!live.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sync_state'").get()) return;
  const joined = live.prepare('SELECT joined FROM sync_state WHERE id = 1').pluck().get() as
    number | undefined;
  const seq = live
    .prepare("SELECT seq FROM sqlite_sequence WHERE name = 'sync_outbox'")
    .pluck()
    .get() as number | undefined;
  const db = new Database(candidatePath, { fileMustExist: true });
  try {
    db.transaction(() => {
      if (joined !== undefined)
        db.prepare('UPDATE sync_state SET joined = ?, applying_pull = 0 WHERE id = 1').run(joined);
      if (seq !== undefined) bumpOutboxSequence(db, seq);
    })();
  } finally {
    db.close();
  }
}
