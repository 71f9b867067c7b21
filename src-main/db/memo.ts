import type Database from 'better-sqlite3';

/**
 * Values derived from tables that rarely change (the business settings, the signed-in users),
 * computed once and kept until the code that writes those tables calls `forget(key)`, a watched
 * table is written on this connection (`forgetOnWrite`), a transaction or batch rolls back
 * (`forgetAll`: what was read may have been someone's uncommitted write), or another process
 * (`manage`) committed to the file, which SQLite's `data_version` reports. Issue 13: the hot path
 * read and validated every setting and the user row on every request. Held by the DbHandle, so a
 * restore (a new handle) starts empty.
 */
export interface Memo {
  get<T>(key: string, compute: () => T): T;
  forget(key: string): void;
  forgetAll(): void;
  /** Whether `forgetOnWrite(…, key)` already ran on this connection. */
  watching(key: string): boolean;
  /**
   * Forgets `key` whenever this connection inserts, updates or deletes a row of `table`, by any
   * code path (Kysely or raw): temporary triggers calling back into this memo. DDL: run it where
   * no transaction is open (inside `DbHandle.exclusive`).
   */
  forgetOnWrite(table: string, key: string): void;
}

const FORGET_FN = 'countertop_memo_forget';

export function createMemo(sqlite: Database.Database): Memo {
  const values = new Map<string, unknown>();
  const watched = new Set<string>();
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  let seenVersion = -1;
  let fnRegistered = false;
  const memo: Memo = {
    get<T>(key: string, compute: () => T): T {
      const version = dataVersion.get() as number;
      if (version !== seenVersion) {
        values.clear();
        seenVersion = version;
      }
      if (values.has(key)) return values.get(key) as T;
      const value = compute();
      values.set(key, value);
      return value;
    },
    forget(key: string): void {
      values.delete(key);
    },
    forgetAll(): void {
      values.clear();
    },
    watching: (key) => watched.has(key),
    forgetOnWrite(table: string, key: string): void {
      if (!/^[a-z_]+$/.test(table) || !/^[\w:.-]+$/.test(key))
        throw new Error(`memo: bad table or key ${table} ${key}`);
      if (!fnRegistered) {
        sqlite.function(FORGET_FN, { deterministic: false }, (k: unknown) => {
          values.delete(String(k));
          return null;
        });
        fnRegistered = true;
      }
      const tag = key.replace(/\W/g, '_');
      for (const event of ['insert', 'update', 'delete'])
        sqlite.exec(
          `CREATE TEMP TRIGGER IF NOT EXISTS memo_${tag}_${table}_${event} AFTER ${event} ON main.${table} ` +
            `BEGIN SELECT ${FORGET_FN}('${key}'); END`,
        );
      watched.add(key);
    },
  };
  return memo;
}
