/**
 * Speed cost nothing (issue 13): a server killed with SIGKILL in the middle of a burst of orders
 * (through group commit) has every order it answered 201 on disk when the file is opened again.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DB_FILE } from '../../src-main/db/open';
import { removeTempDirs, tempDir } from '../helpers/app';
import { childEnv, killGroup, runManageProcess, spawnNpm } from '../helpers/processes';

afterAll(() => removeTempDirs());

it('every order answered 201 before a SIGKILL under load is on disk afterwards', async () => {
  const dir = tempDir();
  expect(runManageProcess(dir, ['seed-demo']).code).toBe(0);
  const p = spawnNpm('serve', ['--port', '0', '--data-dir', dir], childEnv());
  const acknowledged: string[] = [];
  try {
    const m = await p.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/, 60_000);
    const base = `http://127.0.0.1:${m[1]}`;
    const login = (await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'cashier', pin: '3333' }),
    }).then((r) => r.json())) as { token: string };
    const menu = (await fetch(`${base}/api/menu/items`, {
      headers: { authorization: `Bearer ${login.token}` },
    }).then((r) => r.json())) as {
      items: { id: string; available: boolean; modifierGroupIds?: string[] }[];
    };
    const item = menu.items.find((i) => i.available && !(i.modifierGroupIds ?? []).length);
    const body = JSON.stringify({ items: [{ menuItemId: item!.id, quantity: 1 }] });
    let killed = false;
    // 20 clients in a closed loop; the server is killed once 40 orders were acknowledged.
    const client = async () => {
      while (!killed) {
        try {
          const res = await fetch(`${base}/api/orders`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
            body,
          });
          const json = (await res.json()) as { id?: string };
          if (res.status === 201 && json.id) acknowledged.push(json.id);
          if (acknowledged.length >= 40 && !killed) {
            killed = true;
            killGroup(p, 'SIGKILL');
          }
        } catch {
          // The connection died with the server.
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, client));
    await p.exited;
  } finally {
    killGroup(p, 'SIGKILL');
  }
  expect(acknowledged.length).toBeGreaterThanOrEqual(40);
  const db = new Database(join(dir, DB_FILE));
  const missing = acknowledged.filter(
    (id) => !db.prepare('select 1 from orders where id = ?').get(id),
  );
  db.close();
  expect(missing).toEqual([]);
}, 120_000);
