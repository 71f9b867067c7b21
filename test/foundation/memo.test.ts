/** The handle's memo (db/memo.ts): computed once, recomputed after `forget` or another process's commit. */
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDb, openSqlite } from '../../src-main/db/open';
import { removeTempDirs, tempDir } from '../helpers/app';

afterAll(() => removeTempDirs());

it('keeps a value until forgotten or until another connection commits', async () => {
  const h = openDb(join(tempDir('countertop-memo-'), 'db.sqlite3'));
  h.sqlite.exec('create table kv (k text primary key, v text)');
  h.sqlite.prepare("insert into kv values ('a', 'one')").run();
  let computed = 0;
  const read = () =>
    h.memo.get('a', () => {
      computed++;
      return (h.sqlite.prepare("select v from kv where k = 'a'").get() as { v: string }).v;
    });
  expect(read()).toBe('one');
  expect(read()).toBe('one');
  expect(computed).toBe(1);

  // Another process (here: another connection) changes the file: the memo notices.
  const other = openSqlite(h.file);
  other.prepare("update kv set v = 'two' where k = 'a'").run();
  other.close();
  expect(read()).toBe('two');
  expect(computed).toBe(2);

  // This process's own writer says so explicitly.
  h.sqlite.prepare("update kv set v = 'three' where k = 'a'").run();
  expect(read()).toBe('two');
  h.memo.forget('a');
  expect(read()).toBe('three');
  await h.close();
});
