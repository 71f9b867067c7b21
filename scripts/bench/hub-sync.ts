/**
 * Sync throughput for `npm run bench`: changes per second a hub (`npm run hub`'s server, in its
 * own process, on a throwaway PostgreSQL) applies from 10 tills pushing at once, each sending
 * batches of BATCH changes (an order and its payment per two changes) back to back over HTTP on
 * 127.0.0.1. Prints one JSON line last: { changesPerSec, batchesPerSec, tills, batch, seconds }.
 * Usage: tsx scripts/bench/hub-sync.ts [seconds]
 */
import { spawn } from 'node:child_process';
import { HUB_PROTOCOL_VERSION, type PushedChange } from '../../src-shared/hub-protocol';
import { createLogger } from '../../src-main/log';
import { openHub } from '../../src-main/hub/server';
import { addStore, addTill } from '../../src-main/hub/tills';
import { startPostgres } from '../../test/helpers/postgres';

const SECONDS = Number(process.argv[2] ?? 6);
const TILLS = 10;
const BATCH = 200;
const SECRET = 'bench-secret-'.padEnd(48, 'x');

async function post(url: string, token: string | null, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

function batch(till: number, after: number): PushedChange[] {
  const changes: PushedChange[] = [];
  const at = new Date().toISOString();
  for (let i = 0; i < BATCH; i += 2) {
    const n = after + i;
    const id = `t${till}-${n}`;
    changes.push({
      seq: n + 1,
      entity: 'orders',
      key: `o${id}`,
      op: 'upsert',
      row: {
        id: `o${id}`,
        status: 'completed',
        subtotal: 450,
        tax: 36,
        total: 486,
        created_at: at,
      },
    });
    changes.push({
      seq: n + 2,
      entity: 'payments',
      key: `p${id}`,
      op: 'upsert',
      row: { id: `p${id}`, order_id: `o${id}`, method: 'card', amount: 486, created_at: at },
    });
  }
  return changes;
}

const pg = await startPostgres();
let child: ReturnType<typeof spawn> | undefined;
try {
  // Setup in this process (stores, tills); the hub that is measured runs in its own.
  const setup = await openHub({
    databaseUrl: pg.url,
    secret: SECRET,
    log: createLogger({ sink: () => {} }),
  });
  const store = await addStore(setup.ctx, { name: 'Bench' });
  const codes: string[] = [];
  for (let i = 0; i < TILLS; i++)
    codes.push((await addTill(setup.ctx, store.id, { name: `Till ${i}` })).pairingCode);
  await setup.close();

  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/hub/cli.ts', '--database-url', pg.url, '--port', '0'],
    { env: { ...process.env, HUB_JWT_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child!.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child!.on('exit', (code) => reject(new Error(`hub exited (${code})`)));
  });

  const tokens: string[] = [];
  for (const code of codes) {
    const r = await post(`${base}/hub/api/pair`, null, {
      code,
      schemaVersion: 15,
      protocol: HUB_PROTOCOL_VERSION,
    });
    tokens.push(r.token as string);
  }
  let applied = 0;
  let batches = 0;
  const acked = tokens.map(() => 0);
  const pushLoop = async (till: number, until: number, count: boolean) => {
    let after = acked[till]!;
    while (Date.now() < until) {
      const r = await post(`${base}/hub/api/sync/push`, tokens[till]!, {
        protocol: HUB_PROTOCOL_VERSION,
        schemaVersion: 15,
        afterSeq: after,
        lastSeq: after + BATCH,
        changes: batch(till, after),
      });
      after = r.ackedSeq as number;
      if (count) {
        applied += r.applied as number;
        batches += 1;
      }
    }
    acked[till] = after;
  };
  // Warm-up: a second of the same load, not counted.
  const warm = Date.now() + 1000;
  await Promise.all(tokens.map((_, i) => pushLoop(i, warm, false)));
  const t0 = Date.now();
  await Promise.all(tokens.map((_, i) => pushLoop(i, t0 + SECONDS * 1000, true)));
  const secs = (Date.now() - t0) / 1000;
  const result = {
    changesPerSec: Math.round(applied / secs),
    batchesPerSec: Math.round(batches / secs),
    tills: TILLS,
    batch: BATCH,
    seconds: Number(secs.toFixed(1)),
  };
  console.log(
    `hub sync: ${result.changesPerSec.toLocaleString('en-US')} changes/s applied (${TILLS} tills, batches of ${BATCH}, ${result.seconds} s)`,
  );
  console.log(JSON.stringify(result));
} finally {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await pg.stop();
}
