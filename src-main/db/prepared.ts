import {
  CamelCasePlugin,
  CompiledQuery,
  sql,
  type Compilable,
  type Insertable,
  type RawBuilder,
} from 'kysely';
import { GroupCommitAdapter } from './group-commit';
import type { DB, Db } from './schema';

/** The database's CamelCase plugin, with its column-name mapping in reach of `prepared`. */
export class ColumnNames extends CamelCasePlugin {
  column(name: string): string {
    return this.camelCase(name);
  }
}

/** A statement's result columns as SQLite names them, and as the code reads them. */
interface Renames {
  plugin: ColumnNames;
  from: string[];
  to: string[];
  same: boolean;
}

/**
 * A hot query built and compiled by Kysely once, then run again with new values (issue 13:
 * building, transforming (CamelCase) and compiling the query tree was ~10 % of an order's CPU).
 * `build` is called once with placeholder values, one per argument; every parameter of the compiled
 * SQL that is a placeholder is replaced by the matching argument at each run, the others are
 * constants of the query (written into the SQL as literals where they can be:
 * `withConstantsInline`). So an argument may only be a value (never a list, a column, a direction)
 * and must reach the SQL as a parameter: `prepared` checks both the first time. The SQL text and
 * parameter plan are constants of the code, the same for every database and transaction (same
 * dialect and plugins), so they are kept in the returned function; results still go through the
 * plugins (CamelCase) and the statement cache.
 *
 * Where the group-commit driver can run the statement at once (`GroupCommitDriver.direct`: inside
 * the transaction holding the connection, or a read while it is free), it runs there without
 * Kysely's executor, its rows renamed by the database's own CamelCase plugin (`ColumnNames`), the
 * names worked out once per statement: the hot statement's cost is then mostly SQLite's own
 * (issue 13: ≤ 1.3× a raw prepared statement). Anything else (another plugin, another dialect, a
 * busy connection) takes Kysely's path, with the same result.
 */
export function prepared<A extends unknown[], R>(
  build: (db: Db, ...args: A) => Compilable<R>,
): (db: Db, ...args: A) => Promise<R[]> {
  let plan: { sql: string; slots: (number | { v: unknown })[]; names?: Renames } | undefined;
  return async (db, ...args) => {
    if (!plan) {
      const marks = args.map((_, i) => `\u0000prepared-arg-${i}\u0000`) as unknown as A;
      const compiled = build(db, ...marks).compile();
      const slots = compiled.parameters.map((p) => {
        const i = (marks as unknown[]).indexOf(p);
        return i >= 0 ? i : { v: p };
      });
      for (let i = 0; i < args.length; i++)
        if (!slots.includes(i)) throw new Error(`prepared: argument ${i} is not a parameter`);
      plan = withConstantsInline(compiled.sql, slots);
    }
    const { sql, slots } = plan;
    const parameters = slots.map((s) => (typeof s === 'number' ? args[s] : s.v));
    const executor = db.getExecutor();
    const { adapter, plugins } = executor;
    if (
      adapter instanceof GroupCommitAdapter &&
      plugins.length === 1 &&
      plugins[0] instanceof ColumnNames
    ) {
      const rows = adapter.driver.direct(sql, parameters, db.isTransaction);
      if (rows) return renamed(plan, plugins[0], rows) as R[];
    }
    const result = await db.executeQuery<R>(CompiledQuery.raw(sql, parameters) as CompiledQuery<R>);
    return result.rows;
  };
}

/**
 * The query's constants (the values that are not arguments, like a status it always asks for)
 * written into the SQL as literals. SQLite plans a statement again at every run when a bound value
 * meets a partial index's condition (`status = ?` against `WHERE status = 'pending'`), to see
 * whether the index applies: about 5–7 µs each time, on the payment and cash-session checks
 * every sale runs. With the literal it is planned once. Only text without NUL and safe integers
 * are written out (they read back as exactly the same value); anything else stays a parameter, and
 * so does everything if the `?` placeholders cannot be told apart from quoted text.
 */
function withConstantsInline(
  sql: string,
  slots: (number | { v: unknown })[],
): { sql: string; slots: (number | { v: unknown })[] } {
  const literal = (v: unknown): string | null => {
    if (typeof v === 'string' && !v.includes('\u0000')) return `'${v.replaceAll("'", "''")}'`;
    // In parentheses, a negative number cannot meet a minus before it and start a `--` comment.
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v < 0 ? `(${v})` : String(v);
    return null;
  };
  let out = '';
  let quote: string | null = null;
  let slot = 0;
  const kept: (number | { v: unknown })[] = [];
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if (ch === '?') {
      const s = slots[slot++];
      if (s === undefined) return { sql, slots };
      const lit = typeof s === 'number' ? null : literal(s.v);
      if (lit !== null) {
        out += lit;
        continue;
      }
      kept.push(s);
    }
    out += ch;
  }
  if (quote || slot !== slots.length) return { sql, slots };
  return { sql: out, slots: kept };
}

/** `rows` with the column names the plugin gives them, as Kysely's path would return them. */
function renamed(plan: { names?: Renames }, plugin: ColumnNames, rows: unknown[]): unknown[] {
  if (rows.length === 0) return rows;
  let names = plan.names;
  if (!names || names.plugin !== plugin) {
    // Every row of one statement has the same columns, in the same order.
    const from = Object.keys(rows[0] as object);
    const to = from.map((c) => plugin.column(c));
    names = { plugin, from, to, same: from.every((c, i) => c === to[i]) };
    plan.names = names;
  }
  if (names.same) return rows;
  const { from, to } = names;
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < from.length; i++) out[to[i]!] = (row as Record<string, unknown>)[from[i]!];
    return out;
  });
}

/**
 * An insert of one row into `table` with a fixed list of columns, compiled once (`prepared`). Every
 * listed column must have a value (null, not undefined: a missing one would mean the column's
 * default, which a fixed statement cannot express); a multi-row insert runs it once per row.
 */
export function preparedInsert<T extends keyof DB & string, C extends keyof Insertable<DB[T]>>(
  table: T,
  columns: readonly C[],
): (db: Db, row: Pick<Insertable<DB[T]>, C>) => Promise<void> {
  const insert = prepared((db, ...values: unknown[]) =>
    db
      .insertInto(table)
      .values(Object.fromEntries(columns.map((c, i) => [c, values[i]])) as Insertable<DB[T]>),
  );
  return async (db, row) => {
    const values = columns.map((c) => {
      const v = (row as Record<PropertyKey, unknown>)[c];
      if (v === undefined) throw new Error(`preparedInsert ${table}: no value for ${String(c)}`);
      return v;
    });
    await insert(db, ...values);
  };
}

/**
 * A list of values as one parameter, for `where(column, 'in', inList(json))` in a `prepared`
 * query: the list is passed as a JSON array (`JSON.stringify(ids)`) and read back by SQLite's
 * `json_each`, so the SQL text is the same however long the list is.
 */
export function inList<V>(json: string): RawBuilder<V> {
  return sql<V>`(select value from json_each(${json}))`;
}
