/**
 * The crash test for money (issue 12): the real server in a child process, the fake Stripe in
 * another, card payments with Idempotency-Keys, the server SIGKILLed at named points (POS_CRASH_AT,
 * between the intent and the charge, between the charge and the commit) or at a random moment,
 * restarted, and every unanswered request retried with its key. Then: every charge has exactly
 * one payment row, no order is charged twice, every 2xx is on disk, integrity_check is ok.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { openCore, DB_FILE } from '../../src-main/app';
import { createUser } from '../../src-main/core/auth/users';
import { createMenuItem } from '../../src-main/core/menu/items';
import { createOrder } from '../../src-main/core/orders/create';
import type { FakeStripeState } from '../payments/fake-stripe';

const ROOT = resolve(import.meta.dirname, '../..');
/** Node itself with tsx's loader (not the tsx wrapper, whose child a SIGKILL would miss). */
const NODE_ARGS = ['--import', 'tsx'];

/** One cycle: the server starts, is killed at `crashAt` (a named point) or after `killAfterMs`. */
export interface Cycle {
  crashAt?: string;
  killAfterMs?: number;
  /** New payments started this cycle (besides retries of unanswered ones). */
  payments: number;
}

export interface CrashReport {
  cycles: number;
  kills: number;
  /** Payments the client started (each on its own order, each retried until answered). */
  attempts: number;
  charges: number;
  payments: number;
  orphans: number;
  doubleCharged: number;
  answeredMissing: number;
  pendingLeft: number;
  unanswered: number;
  integrity: string;
}

interface Attempt {
  orderId: string;
  key: string;
  amount: number;
  answer?: { status: number; paymentId: string };
}

/** Waits for a line matching `re` on the child's stdout; rejects if it exits first. */
function waitForLine(child: ChildProcess, re: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const onExit = () => reject(new Error('the process exited before it was ready'));
    child.once('exit', onExit);
    lines.on('line', (line) => {
      const m = re.exec(line);
      if (m) {
        child.off('exit', onExit);
        lines.close();
        resolvePromise(m);
      }
    });
  });
}

async function spawnReady(args: string[], env: NodeJS.ProcessEnv, re: RegExp) {
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (c: Buffer) => (errors = (errors + c.toString()).slice(-2000)));
  const m = await waitForLine(child, re).catch((e: Error) => {
    throw new Error(`${e.message}: ${errors}`);
  });
  // Keep draining stdout (the server logs a line per request).
  child.stdout!.resume();
  return { child, url: m[1]! };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function seed(dataDir: string, orders: number): Promise<string[]> {
  const core = openCore({ dataDir, env: {} });
  return (async () => {
    try {
      const user = await createUser(core, {
        username: 'till',
        password: 'password1',
        role: 'cashier',
      });
      const ids: string[] = [];
      for (let i = 0; i < orders; i++) {
        const item = await createMenuItem(core, { name: `Flat white ${i}`, price: 350 + i });
        ids.push(
          (await createOrder(core, user.id, { items: [{ menuItemId: item.id, quantity: 1 }] })).id,
        );
      }
      return ids;
    } finally {
      await core.dbh.close();
    }
  })();
}

export async function runCrashTest(
  cycles: Cycle[],
  log: (line: string) => void = () => {},
): Promise<CrashReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'countertop-crash-'));
  const total = cycles.reduce((n, c) => n + c.payments, 0);
  const orderIds = await seed(dataDir, total);
  const fake = await spawnReady(
    ['test/crash/fake-stripe-process.ts'],
    { ...process.env },
    /^listening (\S+)/,
  );
  const attempts: Attempt[] = [];
  let kills = 0;
  const serverEnv = (crashAt?: string): NodeJS.ProcessEnv => ({
    ...process.env,
    NODE_ENV: 'test',
    POS_PAYMENTS: 'stripe',
    STRIPE_SECRET_KEY: 'sk_test_crash',
    POS_STRIPE_API: fake.url,
    // The fake's search is immediate; a real Stripe needs the default lag.
    POS_STRIPE_SEARCH_LAG_MS: '0',
    ...(crashAt ? { POS_CRASH_AT: crashAt } : {}),
  });

  /** Sends one attempt; false when the server died under it (the answer never came). */
  async function send(base: string, token: string, a: Attempt): Promise<boolean> {
    let r;
    try {
      r = await post(
        `${base}/api/orders/${a.orderId}/payment`,
        { method: 'card', amount: a.amount, token: 'pm_card_visa' },
        { authorization: `Bearer ${token}`, 'idempotency-key': a.key },
      );
    } catch {
      return false;
    }
    if (r.status === 201) {
      a.answer = { status: 201, paymentId: (r.body.payment as { id: string }).id };
    } else if (r.status !== 409 && r.status !== 503) {
      throw new Error(`unexpected answer ${r.status}: ${JSON.stringify(r.body)}`);
    }
    return true;
  }

  async function serve(cycle: Cycle | null): Promise<void> {
    const server = await spawnReady(
      ['src-main/cli/serve.ts', '--port', '0', '--data-dir', dataDir],
      serverEnv(cycle?.crashAt),
      /^listening on (\S+)/,
    );
    const exited = once(server.child, 'exit');
    let timer: NodeJS.Timeout | undefined;
    if (cycle?.killAfterMs !== undefined) {
      timer = setTimeout(() => server.child.kill('SIGKILL'), cycle.killAfterMs);
    }
    try {
      const login = await post(`${server.url}/api/auth/login`, {
        username: 'till',
        password: 'password1',
      });
      const token = login.body.token as string;
      let alive = true;
      // Every unanswered request first, with its own key; then this cycle's new payments.
      for (const a of attempts.filter((x) => !x.answer)) {
        if (!alive) break;
        alive = await send(server.url, token, a);
      }
      for (let i = 0; i < (cycle?.payments ?? 0) && alive; i++) {
        const orderId = orderIds[attempts.length]!;
        const item = 350 + attempts.length;
        const a: Attempt = { orderId, key: `pay-${attempts.length}`, amount: item };
        attempts.push(a);
        alive = await send(server.url, token, a);
      }
    } catch (e) {
      // The login itself can meet the kill.
      if (server.child.exitCode === null && server.child.signalCode === null) throw e;
    } finally {
      clearTimeout(timer);
    }
    if (cycle === null || (cycle.crashAt === undefined && cycle.killAfterMs === undefined)) {
      server.child.kill('SIGTERM');
    } else if (server.child.exitCode === null && server.child.signalCode === null) {
      // The named point was never reached this cycle: kill it anyway.
      server.child.kill('SIGKILL');
    }
    const [, signal] = (await exited) as [number | null, string | null];
    if (signal === 'SIGKILL') kills++;
  }

  try {
    for (const [i, cycle] of cycles.entries()) {
      await serve(cycle);
      log(`cycle ${i + 1}: ${cycle.crashAt ?? `kill after ${cycle.killAfterMs ?? '-'} ms`}`);
    }
    // A last clean run answers every request still unanswered.
    for (let round = 0; round < 3 && attempts.some((a) => !a.answer); round++) await serve(null);
    const state = (await (await fetch(`${fake.url}/__state`)).json()) as FakeStripeState;
    return verify(dataDir, state, attempts, cycles.length, kills);
  } finally {
    fake.child.kill('SIGTERM');
    await once(fake.child, 'exit');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function verify(
  dataDir: string,
  state: FakeStripeState,
  attempts: Attempt[],
  cycles: number,
  kills: number,
): CrashReport {
  const db = new Database(join(dataDir, DB_FILE), { readonly: true });
  try {
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
    const rows = db.prepare('SELECT id, order_id, provider_ref FROM payments').all() as {
      id: string;
      order_id: string;
      provider_ref: string;
    }[];
    const charged = state.intents.filter((i) => i.status === 'succeeded');
    const orphans = charged.filter(
      (pi) => rows.filter((r) => r.provider_ref === pi.id).length !== 1,
    ).length;
    const perOrder = new Map<string, number>();
    for (const pi of charged) {
      const o = pi.metadata.order_id!;
      perOrder.set(o, (perOrder.get(o) ?? 0) + 1);
    }
    const doubleCharged = [...perOrder.values()].filter((n) => n > 1).length;
    const ids = new Set(rows.map((r) => r.id));
    const answeredMissing = attempts.filter((a) => a.answer && !ids.has(a.answer.paymentId)).length;
    const pendingLeft = (
      db.prepare("SELECT count(*) AS n FROM payment_intents WHERE status = 'pending'").get() as {
        n: number;
      }
    ).n;
    return {
      cycles,
      kills,
      attempts: attempts.length,
      charges: charged.length,
      payments: rows.length,
      orphans,
      doubleCharged,
      answeredMissing,
      pendingLeft,
      unanswered: attempts.filter((a) => !a.answer).length,
      integrity,
    };
  } finally {
    db.close();
  }
}
