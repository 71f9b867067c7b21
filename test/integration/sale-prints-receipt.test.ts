/**
 * A sale paid in full prints its receipt by itself, after the commit, through the durable job
 * queue; with no printer set up the sale stands and nothing piles up as failed jobs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { PrintJob } from '../../src-shared/contract/hardware';
import { decodeEscPos } from '../hardware/support/escpos-decode';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';
import { insertOrder, pay } from '../payments/support';
import { restartablePrinter } from '../printing/support';

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  removeTempDirs();
});

async function setUp(env: NodeJS.ProcessEnv) {
  const ts = await startTestServer({ env });
  servers.push(ts);
  const user = await ts.createUser({ username: 'cleo', password: 'cashier-pass', role: 'cashier' });
  const token = await ts.token('cleo', 'cashier-pass');
  return { ts, user, token };
}

describe('paying an order in full', () => {
  it('queues and prints its receipt on the network printer', async () => {
    const printer = await restartablePrinter();
    try {
      const { ts, user, token } = await setUp({ POS_PRINTER: `tcp://127.0.0.1:${printer.port}` });
      const orderId = await insertOrder(ts, { total: 1250, createdBy: user.id });
      const received = printer.nextJob();
      // Split tender: the first part prints nothing, the part that settles the order does.
      const first = await pay(ts, token, orderId, { method: 'card', amount: 250, token: 'tok_ok' });
      expect(first.status).toBe(201);
      await ts.app.printer.idle();
      expect(printer.jobs).toHaveLength(0);
      const second = await pay(ts, token, orderId, {
        method: 'card',
        amount: 1000,
        token: 'tok_ok2',
      });
      expect(second.status).toBe(201);
      const text = decodeEscPos(await received).text;
      expect(text).toMatch(/12[.,]50/);
      await ts.app.printer.idle();
      const jobs = await ts.request<{ jobs: PrintJob[] }>(`/api/print-jobs?orderId=${orderId}`, {
        token,
      });
      expect(jobs.body.jobs).toHaveLength(1);
      expect(jobs.body.jobs[0]).toMatchObject({ status: 'done', reprint: false });
    } finally {
      await printer.stop();
    }
  });

  it('with no printer configured, the sale stands and no failed job is left behind', async () => {
    const { ts, user, token } = await setUp({});
    const orderId = await insertOrder(ts, { total: 500, createdBy: user.id });
    const res = await pay(ts, token, orderId, { method: 'card', amount: 500, token: 'tok_ok' });
    expect(res.status).toBe(201);
    const count = ts.app.core.dbh.sqlite.prepare('SELECT COUNT(*) AS n FROM print_jobs').get() as {
      n: number;
    };
    expect(count.n).toBe(0);
  });
});
