import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitPreview } from '../../src-shared/contract/counter';
import type { Order, OrderChange, QueueOrder } from '../../src-shared/contract/orders';
import { removeTempDirs } from '../helpers/app';
import {
  count,
  counterWorld,
  counts,
  get,
  latteAndCake,
  post,
  type CounterWorld,
} from '../modifiers/support';

let w: CounterWorld;
beforeAll(async () => {
  w = await counterWorld();
});
afterAll(async () => {
  await w.ts.close();
  removeTempDirs();
});

const hold = (o: Order, body: Record<string, unknown> = {}, token = w.cashier) =>
  post(w, `/api/orders/${o.id}/hold`, body, token);
const recall = (o: Order, token = w.cashier) => post(w, `/api/orders/${o.id}/recall`, {}, token);
const move = (o: Order, status: string) =>
  w.ts.request<Order>(`/api/orders/${o.id}/status`, {
    method: 'PATCH',
    token: w.manager,
    body: { status },
  });
const listHeld = async (held: boolean) =>
  (await get<{ orders: Order[] }>(w, `/api/orders?held=${held}&limit=200`)).body.orders.map(
    (o) => o.id,
  );

describe('hold and recall', () => {
  it('parks a pending order with a note, lists it, and takes it back up', async () => {
    const o = await latteAndCake(w);
    const other = await latteAndCake(w);
    const seq = (await get<{ lastSeq: number }>(w, '/api/orders/changes?since=0')).body.lastSeq;

    const held = await hold(o, { note: 'back in 5 min' });
    expect(held.status, held.text).toBe(200);
    expect(held.body).toMatchObject({
      status: 'pending',
      held: true,
      holdNote: 'back in 5 min',
      heldAt: w.ts.clock.now.toISOString(),
    });
    // The hold is an order change (tills and displays following the feed see it).
    const feed = await get<{ changes: OrderChange[] }>(w, `/api/orders/changes?since=${seq}`);
    expect(feed.body.changes.map((c) => [c.order.id, c.order.held])).toEqual([[o.id, true]]);

    expect(await listHeld(true)).toEqual([o.id]);
    const notHeld = await listHeld(false);
    expect(notHeld).toContain(other.id);
    expect(notHeld).not.toContain(o.id);

    // Holding again keeps when it was first held, and takes a new note.
    w.ts.clock.advance(60_000);
    const again = await hold(o, { note: 'table 3' });
    expect(again.body).toMatchObject({ held: true, holdNote: 'table 3', heldAt: held.body.heldAt });

    const back = await recall(o);
    expect(back.status, back.text).toBe(200);
    expect(back.body).toMatchObject({
      status: 'pending',
      held: false,
      heldAt: null,
      holdNote: null,
    });
    expect(await listHeld(true)).toEqual([]);
    const twice = await recall(o);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'not_held']);
    // Status history is the state machine's alone: holds don't appear in it.
    expect(back.body.history.map((h) => h.to)).toEqual(['pending']);
  });

  it('only pending orders; needs orders.create; 404 for an unknown order; nothing written', async () => {
    const o = await latteAndCake(w);
    expect((await move(o, 'in_queue')).status).toBe(200);
    const before = counts(w);
    const r = await hold(o);
    expect([r.status, r.body.error.code]).toEqual([409, 'order_not_pending']);
    expect((await recall(o)).body.error.code).toBe('order_not_pending');
    const p = await latteAndCake(w);
    const afterCreate = counts(w);
    expect((await hold(p, {}, w.kitchen)).status).toBe(403);
    expect((await post(w, '/api/orders/nope/hold', {})).status).toBe(404);
    expect((await hold(p, { note: 'x'.repeat(201) })).status).toBe(422);
    expect(counts(w)).toEqual(afterCreate);
    expect(afterCreate.orders).toBe(Number(before.orders) + 1);
  });

  it('a held order never reaches the kitchen; sending it on ends the hold', async () => {
    const o = await latteAndCake(w);
    await hold(o, { note: 'waiting for a friend' });
    const queue = async () =>
      (await get<{ orders: QueueOrder[] }>(w, '/api/orders/queue', w.kitchen)).body.orders.map(
        (x) => x.id,
      );
    expect(await queue()).not.toContain(o.id);
    const sent = await move(o, 'in_queue');
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'in_queue', held: false, holdNote: null });
    expect(await queue()).toContain(o.id);
    expect(await listHeld(true)).not.toContain(o.id);
    // A held order can be cancelled like any pending one, and is no longer listed as held.
    const h = await latteAndCake(w);
    await hold(h);
    expect((await move(h, 'cancelled')).body.held).toBe(false);
    expect(await listHeld(true)).not.toContain(h.id);
  });
});

describe('split by item: GET /api/orders/:id/split-preview', () => {
  it('prices some lines with their discount and tax share; a partition adds up to the total', async () => {
    const o = await latteAndCake(w);
    const disc = await post(
      w,
      `/api/orders/${o.id}/discounts`,
      { amount: 300, reason: 'split test' },
      w.manager,
    );
    expect(disc.status, disc.text).toBe(201);
    // 300 over 2040/425 (Σ 2465): 248.27… / 51.72… → floors 248 + 51 = 299; remainders
    // 300×2040 − 248×2465 = 680, 300×425 − 51×2465 = 1785 → the cake gets the unit: 248 / 52.
    // Latte 1792 → tax 143.36 → 143; cake 373 → tax 37.3 → 37. total 2465 − 300 + 180 = 2345.
    expect(disc.body.total).toBe(2345);
    const [latte, cake] = disc.body.items;
    const preview = (ids: string[]) =>
      get<SplitPreview>(w, `/api/orders/${o.id}/split-preview?itemIds=${ids.join(',')}`, w.cashier);
    const a = await preview([latte!.id]);
    expect(a.status, a.text).toBe(200);
    expect(a.body).toMatchObject({
      subtotal: 2040,
      discount: 248,
      tax: 143,
      amount: 1935,
      balance: 2345,
    });
    const b = await preview([cake!.id]);
    expect(b.body).toMatchObject({ subtotal: 425, discount: 52, tax: 37, amount: 410 });
    expect(a.body.amount + b.body.amount).toBe(disc.body.total);
    const both = await preview([latte!.id, cake!.id]);
    expect(both.body.amount).toBe(2345);

    // Each guest pays their part: several payments against one order, balance 0.
    const p1 = await post<{ order: Order }>(w, `/api/orders/${o.id}/payment`, {
      method: 'card',
      amount: a.body.amount,
      token: 'tok_guest1',
    });
    const p2 = await post<{ order: Order }>(w, `/api/orders/${o.id}/payment`, {
      method: 'mobile',
      amount: b.body.amount,
      token: 'tok_guest2',
    });
    expect([p1.status, p2.status]).toEqual([201, 201]);
    expect(p2.body.order.balance).toBe(0);
    expect(count(w, 'payments', `order_id = '${o.id}'`)).toBe(2);

    expect((await preview(['nope'])).status).toBe(404);
    const empty = await get(w, `/api/orders/${o.id}/split-preview?itemIds=`, w.cashier);
    expect(empty.status).toBe(422);
    expect(
      (await get(w, `/api/orders/${o.id}/split-preview?itemIds=${cake!.id}`, w.kitchen)).status,
    ).toBe(200);
  });
});
