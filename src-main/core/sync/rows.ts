/** Reading and writing a table's row by its wire key (primary key columns joined with '|'). */
import type Database from 'better-sqlite3';

export function keyWhere(columns: readonly string[]): string {
  return columns.map((c) => `"${c}" = ?`).join(' AND ');
}

/** The key's parts, one per key column (a key never holds '|' itself: ids, numbers). */
export function keyParts(columns: readonly string[], key: string): string[] {
  const parts = key.split('|');
  if (parts.length !== columns.length)
    throw new Error(`key "${key}" does not have ${columns.length} part(s)`);
  return parts;
}

export function readRow(
  sqlite: Database.Database,
  table: string,
  columns: readonly string[],
  key: string,
): Record<string, unknown> | null {
  const row = sqlite
    .prepare(`SELECT * FROM "${table}" WHERE ${keyWhere(columns)}`)
    .get(...keyParts(columns, key)) as Record<string, unknown> | undefined;
  return row ?? null;
}

export function tableColumns(sqlite: Database.Database, table: string): Set<string> {
  const rows = sqlite
    .prepare('SELECT name FROM pragma_table_info(?)')
    .pluck()
    .all(table) as string[];
  return new Set(rows);
}
