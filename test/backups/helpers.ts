/** Shared pieces of the backup tests: probe rows, table dumps, bad files. */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Creates the probe table (not part of the app's schema; restores do not mind extra tables). */
export function createProbe(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS backup_probe (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)',
  );
}

/** Fills the probe with `rows` rows of `bytes` each, ids 1..rows, in one transaction. */
export function fillProbe(db: Database.Database, rows: number, bytes = 4000): void {
  const insert = db.prepare('INSERT INTO backup_probe (id, payload) VALUES (?, ?)');
  const payload = 'p'.repeat(bytes);
  db.transaction(() => {
    for (let i = 1; i <= rows; i++) insert.run(i, payload);
  })();
}

/** Row count and highest id of the probe in a database file (opened read-only). */
export function probeStats(file: string): { count: number; maxId: number; integrity: string } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const r = db.prepare('SELECT count(*) AS count, max(id) AS maxId FROM backup_probe').get() as {
      count: number;
      maxId: number;
    };
    return { count: r.count, maxId: r.maxId, integrity };
  } finally {
    db.close();
  }
}

/** Every row of every table, for comparing two databases exactly. */
export function dumpTables(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const names = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((r) => r.name);
    const out: Record<string, unknown[]> = {};
    // Sorted in JS: some tables are WITHOUT ROWID.
    for (const n of names)
      out[n] = db
        .prepare(`SELECT * FROM "${n}"`)
        .all()
        .map((r) => JSON.stringify(r))
        .sort();
    return out;
  } finally {
    db.close();
  }
}

/** A copy of `good` with bytes flipped in the middle of page `page` (and its b-tree header). */
export function corruptPage(good: string, dest: string, page: number): void {
  copyFileSync(good, dest);
  const buf = readFileSync(dest);
  const pageSize = buf.readUInt16BE(16);
  const start = (page - 1) * pageSize;
  // The page header (type, cell count, cell pointers) and the middle of the page.
  for (let i = 0; i < 12; i++) buf[start + i] = (buf[start + i] as number) ^ 0xff;
  const mid = start + pageSize / 2;
  for (let i = 0; i < 64; i++) buf[mid + i] = (buf[mid + i] as number) ^ 0xff;
  writeFileSync(dest, buf);
}

/** The root page of a table, to aim a corruption at real data. */
export function rootPage(file: string, table: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (
      db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as {
        rootpage: number;
      }
    ).rootpage;
  } finally {
    db.close();
  }
}
