import { sql } from 'kysely';
import type { CoreContext } from '../context';

/** What a till shows of the menu; recipes are not among them, so they do not count as a change. */
const WATCHED = [
  'menu_items',
  'menu_categories',
  'modifier_groups',
  'modifier_options',
  'menu_item_modifier_groups',
] as const;

/**
 * GET /menu/revision: a value that changes whenever the menu a till shows changes, so tills
 * poll a few bytes instead of the whole menu. TEMP triggers count every write on this
 * connection, whoever makes it (API, demo seed, a migration's fix-up), in the writing
 * transaction itself. TEMP objects live with the connection, not in the file: a restore or a
 * restart opens a new connection, which starts again with a fresh id in front of the count, so
 * a till never mistakes the new data for what it already has. No migration is needed.
 */
export async function menuRevision(ctx: CoreContext): Promise<{ revision: string }> {
  const db = ctx.dbh.db;
  const read = () =>
    sql<{
      token: string;
      n: number;
    }>`SELECT token, n FROM temp.menu_revision`.execute(db);
  let rows = await tryRead(read);
  if (!rows) {
    await db.transaction().execute(async (trx) => {
      await sql`CREATE TEMP TABLE IF NOT EXISTS menu_revision (token TEXT NOT NULL, n INTEGER NOT NULL)`.execute(
        trx,
      );
      const have = await sql<{ c: number }>`SELECT count(*) AS c FROM temp.menu_revision`.execute(
        trx,
      );
      if (have.rows[0]?.c) return;
      await sql`INSERT INTO temp.menu_revision (token, n) VALUES (${ctx.newId()}, 0)`.execute(trx);
      for (const table of WATCHED)
        for (const event of ['INSERT', 'UPDATE', 'DELETE'])
          await sql
            .raw(
              `CREATE TEMP TRIGGER IF NOT EXISTS ${table}_revision_${event.toLowerCase()} ` +
                `AFTER ${event} ON main.${table} BEGIN ` +
                `UPDATE menu_revision SET n = n + 1; END`,
            )
            .execute(trx);
    });
    rows = (await read()).rows;
  }
  const row = rows[0]!;
  return { revision: `${row.token}.${row.n}` };
}

async function tryRead<T>(read: () => Promise<{ rows: T[] }>): Promise<T[] | null> {
  try {
    const r = await read();
    return r.rows.length > 0 ? r.rows : null;
  } catch {
    // No such table yet: the first poll on this connection sets the counting up.
    return null;
  }
}
