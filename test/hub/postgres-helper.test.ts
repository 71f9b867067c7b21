import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

describe('the throwaway PostgreSQL for tests', () => {
  let pgs: TestPostgres;
  beforeAll(async () => {
    pgs = await startPostgres();
  });
  afterAll(async () => {
    await pgs?.stop();
  });

  it('gives each test its own database on 127.0.0.1', async () => {
    const other = await pgs.newDatabase();
    expect(other).not.toBe(pgs.url);
    expect(new URL(other).hostname).toBe('127.0.0.1');
    const a = new pg.Client({ connectionString: pgs.url });
    await a.connect();
    await a.query('CREATE TABLE only_here (x int)');
    await a.end();
    const b = new pg.Client({ connectionString: other });
    await b.connect();
    const { rows } = await b.query("SELECT to_regclass('only_here') AS t");
    await b.end();
    expect(rows[0].t).toBeNull();
  });

  it('stops and leaves no directory behind', async () => {
    const extra = await startPostgres();
    const url = extra.url;
    await extra.stop();
    await extra.stop();
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await expect(c.connect()).rejects.toThrow();
    expect(existsSync(extra.dir)).toBe(false);
  });
});
