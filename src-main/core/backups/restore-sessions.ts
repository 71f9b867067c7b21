/**
 * After a restore nobody stays signed in. A session token carries its user's `token_version`
 * and is honoured only while that still matches; the restored database holds the versions of
 * the moment of the backup, so a token issued then (or since, if the numbers happen to meet)
 * would work again. Every user in the candidate therefore gets a version above both the one in
 * the backup and the one in the database being replaced: each user's version only ever grows
 * across the live database's history, so no token issued before the restore can match.
 */
import Database from 'better-sqlite3';

export function endSessionsInto(candidatePath: string, live: Database.Database | null): void {
  const current = new Map<string, number>();
  if (live)
    for (const r of live.prepare('SELECT id, token_version AS v FROM users').all() as {
      id: string;
      v: number;
    }[])
      current.set(r.id, r.v);
  const db = new Database(candidatePath, { fileMustExist: true });
  try {
    const users = db.prepare('SELECT id, token_version AS v FROM users').all() as {
      id: string;
      v: number;
    }[];
    const bump = db.prepare('UPDATE users SET token_version = ? WHERE id = ?');
    db.transaction(() => {
      for (const u of users) bump.run(Math.max(u.v, current.get(u.id) ?? 0) + 1, u.id);
    })();
  } finally {
    db.close();
  }
}
