import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listenerCount } from '../../src-main/core/orders/events';
import { feedTiming } from '../../src-main/core/orders/feed';
import type { Order } from '../../src-shared/contract/orders';
import { removeTempDirs } from '../helpers/app';
import { move, newOrder, orderWorld, type OrderWorld } from './setup';

let w: OrderWorld;
beforeAll(async () => {
  w = await orderWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  comments: string[];
}

/**
 * A minimal EventSource over node:http (closing destroys the socket, as a browser's
 * EventSource.close() does): parses messages as they arrive.
 */
async function openStream(path: string, headers: Record<string, string> = {}) {
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  let buf = '';
  let req!: http.ClientRequest;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    req = http.get(w.ts.baseUrl + path, { headers }, resolve);
    req.on('error', reject);
  });
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n\n')) !== -1) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const ev: SseEvent = { comments: [] };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) ev.comments.push(line.slice(1).trim());
        else {
          const c = line.indexOf(':');
          const k = line.slice(0, c);
          const v = line.slice(c + 1).replace(/^ /, '');
          if (k === 'id' || k === 'event' || k === 'data') ev[k] = v;
        }
      }
      events.push(ev);
      waiters.splice(0).forEach((f) => f());
    }
  });
  res.on('error', () => {});
  req.on('error', () => {});
  return {
    status: res.statusCode,
    headers: res.headers,
    events,
    /** Waits until `pred` holds for the collected events (or fails after 3 s). */
    async until(pred: (evs: SseEvent[]) => boolean): Promise<SseEvent[]> {
      const deadline = Date.now() + 3000;
      while (!pred(events)) {
        if (Date.now() > deadline) throw new Error(`timed out; got ${JSON.stringify(events)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
      return events;
    },
    orders: () =>
      events
        .filter((e) => e.event === 'order.updated')
        .map((e) => ({ id: Number(e.id), order: JSON.parse(e.data!) as Order })),
    async close() {
      req.destroy();
      await new Promise((r) => setTimeout(r, 10));
    },
  };
}

afterEach(() => {
  feedTiming.heartbeatMs = 15_000;
});

describe('GET /api/orders/stream (SSE)', () => {
  it('pushes one order.updated event per committed change, with id = seq and the one order', async () => {
    const s = await openStream('/api/orders/stream', { authorization: `Bearer ${w.kitchen}` });
    try {
      expect(s.status).toBe(200);
      expect(s.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(s.headers['x-request-id']).toBeTruthy();
      await s.until((e) => e.length >= 1); // the "connected" comment
      const o = await newOrder(w);
      const moved = await move(w, o.id, 'in_queue');
      await s.until(() => s.orders().length >= 2);
      const got = s.orders();
      // Each event is the order as that write answered it (sent without reading it again), and
      // that is what a fresh read says too.
      expect(got[0]!.order).toEqual(o);
      expect(got[1]!.order).toEqual(moved.body);
      const fresh = await w.ts.request<Order>(`/api/orders/${o.id}`, { token: w.kitchen });
      expect(got[1]!.order).toEqual(fresh.body);
      expect(got.map((g) => [g.order.id, g.order.status])).toEqual([
        [o.id, 'pending'],
        [o.id, 'in_queue'],
      ]);
      expect(got[1]!.id).toBeGreaterThan(got[0]!.id);
      // The event is the order itself, not a snapshot of the queue.
      expect(got[1]!.order).toMatchObject({ id: o.id, number: o.number, total: o.total });
      const seq = w.ts.app.core.dbh.sqlite
        .prepare('SELECT max(seq) AS s FROM order_changes WHERE order_id = ?')
        .get(o.id) as { s: number };
      expect(got[1]!.id).toBe(seq.s);
    } finally {
      await s.close();
    }
  });

  it('accepts ?access_token= and never logs it', async () => {
    const s = await openStream(`/api/orders/stream?access_token=${w.kitchen}`);
    try {
      expect(s.status).toBe(200);
      const o = await newOrder(w);
      await s.until(() => s.orders().some((x) => x.order.id === o.id));
    } finally {
      await s.close();
    }
    // The log line is written when the stream ends.
    await new Promise((r) => setTimeout(r, 50));
    const lines = JSON.stringify(w.ts.logs);
    expect(lines).not.toContain(w.kitchen);
    expect(lines).not.toContain('access_token');
    const streamLine = w.ts.logs.find((l) => l.route === '/api/orders/stream' && l.status === 200);
    expect(streamLine).toBeTruthy();
  });

  it('refuses a bad token in the query (401) and query tokens on other operations', async () => {
    const bad = await fetch(`${w.ts.baseUrl}/api/orders/stream?access_token=garbage`);
    expect(bad.status).toBe(401);
    await bad.body?.cancel();
    const other = await w.ts.request(`/api/orders/queue?access_token=${w.kitchen}`);
    expect(other.status).toBe(401);
  });

  it('replays what was missed after Last-Event-ID, each order once, then goes live', async () => {
    const a = await newOrder(w);
    const before = w.ts.app.core.dbh.sqlite
      .prepare('SELECT max(seq) AS s FROM order_changes')
      .get() as { s: number };
    // Missed while disconnected: b created and moved twice, a moved once.
    const b = await newOrder(w);
    await move(w, b.id, 'in_queue');
    await move(w, b.id, 'in_progress');
    await move(w, a.id, 'in_queue');
    const s = await openStream('/api/orders/stream', {
      authorization: `Bearer ${w.kitchen}`,
      'last-event-id': String(before.s),
    });
    try {
      await s.until(() => s.orders().length >= 2);
      const replay = s.orders();
      expect(replay.map((r) => [r.order.id, r.order.status])).toEqual([
        [b.id, 'in_progress'],
        [a.id, 'in_queue'],
      ]);
      expect(replay.every((r) => r.id > before.s)).toBe(true);
      await move(w, b.id, 'ready');
      await s.until(() => s.orders().length >= 3);
      expect(s.orders()[2]!.order).toMatchObject({ id: b.id, status: 'ready' });
    } finally {
      await s.close();
    }
  });

  it('sends a heartbeat comment when nothing happens', async () => {
    feedTiming.heartbeatMs = 50;
    const s = await openStream('/api/orders/stream', { authorization: `Bearer ${w.kitchen}` });
    try {
      await s.until((e) => e.filter((x) => x.comments.includes('heartbeat')).length >= 2);
    } finally {
      await s.close();
    }
  });

  it('stops following the bus when the client disconnects', async () => {
    const opened = await Promise.all(
      Array.from({ length: 5 }, () =>
        openStream('/api/orders/stream', { authorization: `Bearer ${w.kitchen}` }),
      ),
    );
    await Promise.all(opened.map((s) => s.until((e) => e.length >= 1)));
    expect(listenerCount(w.ts.app.core)).toBe(5);
    await Promise.all(opened.map((s) => s.close()));
    const deadline = Date.now() + 2000;
    while (listenerCount(w.ts.app.core) !== 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(listenerCount(w.ts.app.core)).toBe(0);
  });
});

describe('GET /api/orders/changes (long-poll)', () => {
  it('returns the changes after since at once, each order once with its latest seq', async () => {
    const base = (
      await w.ts.request<{ lastSeq: number }>('/api/orders/changes?since=0&limit=1', {
        token: w.kitchen,
      })
    ).body;
    expect(base.lastSeq).toBeGreaterThan(0);
    const head = w.ts.app.core.dbh.sqlite
      .prepare('SELECT max(seq) AS s FROM order_changes')
      .get() as {
      s: number;
    };
    const o = await newOrder(w);
    await move(w, o.id, 'in_queue');
    const res = await w.ts.request<{ changes: { seq: number; order: Order }[]; lastSeq: number }>(
      `/api/orders/changes?since=${head.s}`,
      { token: w.kitchen },
    );
    expect(res.status).toBe(200);
    expect(res.body.changes).toHaveLength(1);
    expect(res.body.changes[0]!.order).toMatchObject({ id: o.id, status: 'in_queue' });
    expect(res.body.lastSeq).toBe(head.s + 2);
    expect(res.body.changes[0]!.seq).toBe(head.s + 2);
  });

  it('waits for the next change when there is none yet', async () => {
    const head = w.ts.app.core.dbh.sqlite
      .prepare('SELECT max(seq) AS s FROM order_changes')
      .get() as {
      s: number;
    };
    const t0 = Date.now();
    const pending = w.ts.request<{ changes: { order: Order }[]; lastSeq: number }>(
      `/api/orders/changes?since=${head.s}&wait=5`,
      { token: w.kitchen },
    );
    await new Promise((r) => setTimeout(r, 150));
    const o = await newOrder(w);
    const res = await pending;
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(res.body.changes.map((c) => c.order.id)).toEqual([o.id]);
    expect(res.body.lastSeq).toBe(head.s + 1);
  });

  it('answers empty after the wait, and refuses wait > 25 (422)', async () => {
    const head = w.ts.app.core.dbh.sqlite
      .prepare('SELECT max(seq) AS s FROM order_changes')
      .get() as {
      s: number;
    };
    const res = await w.ts.request<{ changes: unknown[]; lastSeq: number }>(
      `/api/orders/changes?since=${head.s}&wait=1`,
      { token: w.kitchen },
    );
    expect(res.body).toEqual({ changes: [], lastSeq: head.s });
    expect(
      (await w.ts.request('/api/orders/changes?since=0&wait=26', { token: w.kitchen })).status,
    ).toBe(422);
    expect((await w.ts.request('/api/orders/changes', { token: w.kitchen })).status).toBe(422);
  });
});

describe('shutdown', () => {
  it('ends open streams so the server closes at once', async () => {
    const { startTestServer } = await import('../helpers/app');
    const ts = await startTestServer();
    await ts.createUser({ username: 'k', password: 'correct-horse-1', role: 'kitchen' });
    const token = await ts.token('k', 'correct-horse-1');
    let ended = false;
    await new Promise<void>((resolve, reject) => {
      const req = http.get(
        `${ts.baseUrl}/api/orders/stream`,
        { headers: { authorization: `Bearer ${token}` } },
        (res) => {
          res.once('data', () => resolve());
          res.on('close', () => {
            ended = true;
          });
          res.resume();
        },
      );
      req.on('error', reject);
    });
    const t0 = Date.now();
    await ts.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    const deadline = Date.now() + 2000;
    while (!ended && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(ended).toBe(true);
  });
});
