/**
 * The audit record of a restore (API §12). It is written INTO the checked candidate, just before
 * the candidate is swapped in: the restored database is the one that lives on, so that is where
 * the record belongs, and the swap is atomic — the database either appears with its record or
 * not at all. The database being replaced is kept as a `pre-restore-*` backup, unchanged.
 *
 * The candidate has just been brought to this build's schema, so it has the audit_log table. Its
 * users are those of the backup: the person who restored may not exist there, in which case
 * `actorId` stays null (foreign key) and their id and username go into `details`.
 */
import Database from 'better-sqlite3';

export interface RestoreAuditInput {
  at: Date;
  /** Who asked for it: a signed-in user (API), or null for the command line. */
  actor: { id: string; username: string } | null;
  /** A manager's PIN approval of the restore: its `approval` record goes in beside it. */
  approval?: { approverId: string; operation: string; permissions: string[] } | null;
  via: 'api' | 'cli';
  file: string;
  schemaVersion: number;
  preRestore: string | null;
}

export function recordRestoreInto(candidatePath: string, entry: RestoreAuditInput): void {
  const db = new Database(candidatePath, { fileMustExist: true });
  try {
    db.pragma('foreign_keys = ON');
    const known = (id: string | null | undefined): string | null =>
      id && db.prepare('SELECT 1 FROM users WHERE id = ?').get(id) ? id : null;
    const details = {
      via: entry.via,
      file: entry.file,
      schemaVersion: entry.schemaVersion,
      preRestore: entry.preRestore,
      ...(entry.actor ? { byUserId: entry.actor.id, byUsername: entry.actor.username } : {}),
      ...(entry.approval ? { approverId: entry.approval.approverId } : {}),
    };
    const insert = db.prepare(
      `INSERT INTO audit_log (at, type, actor_id, approver_id, subject_type, subject_id, reason, details)
       VALUES (?, ?, ?, ?, 'backup', ?, NULL, ?)`,
    );
    const at = entry.at.toISOString();
    const actorId = known(entry.actor?.id);
    const approverId = known(entry.approval?.approverId);
    db.transaction(() => {
      insert.run(at, 'restore', actorId, approverId, entry.file, JSON.stringify(details));
      if (entry.approval) {
        const { operation, permissions } = entry.approval;
        insert.run(
          at,
          'approval',
          actorId,
          approverId,
          entry.file,
          JSON.stringify({ operation, permissions }),
        );
      }
    })();
  } finally {
    db.close();
  }
}
