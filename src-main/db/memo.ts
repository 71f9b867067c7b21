import type Database from 'better-sqlite3';

/**
 * Values derived from tables that rarely change (the business settings), computed once and kept
 * until the code that writes those tables calls `forget(key)`, or until another process (`manage`)
 * committed to the file, which SQLite's `data_version` reports. Issue 13: the hot path read and
 * validated every setting on every request. Held by the DbHandle, so a restore (a new handle)
 * starts empty.
 */
export interface Memo {
  get<T>(key: string, compute: () => T): T;
  forget(key: string): void;
}

export function createMemo(sqlite: Database.Database): Memo {
  const values = new Map<string, unknown>();
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  let seenVersion = -1;
  return {
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
  };
}
