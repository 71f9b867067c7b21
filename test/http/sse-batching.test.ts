import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { SseIterator, SseMessage } from '../../src-shared/contract/define';
import { sseBody, SseStreams } from '../../src-main/http/sse';

/** A feed that yields what it is given, turn by turn, and says when it was stopped. */
function feed() {
  const queue: SseMessage[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  const events: AsyncIterable<SseMessage> = {
    [Symbol.asyncIterator]: () => ({
      async next() {
        while (queue.length === 0 && !ended) await new Promise<void>((r) => (wake = r));
        const value = queue.shift();
        return value ? { done: false, value } : { done: true, value: undefined };
      },
      async return() {
        ended = true;
        return { done: true, value: undefined };
      },
    }),
  };
  return {
    events,
    push(...ms: SseMessage[]) {
      queue.push(...ms);
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
  };
}

const order = (n: number): SseMessage => ({ id: String(n), event: 'order.updated', data: { n } });

describe('SSE body: messages of one turn leave as one write', () => {
  it('sends a batch committed together as one chunk, a later one as its own, in order', async () => {
    const f = feed();
    const res = new EventEmitter() as unknown as ServerResponse;
    const body = sseBody(f.events, res, new SseStreams(0));
    const chunks: string[] = [];
    body.on('data', (c: Buffer) => chunks.push(c.toString()));

    f.push(order(1), order(2), order(3));
    await nextTurn();
    await nextTurn();
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toBe(
      [1, 2, 3].map((n) => `id: ${n}\nevent: order.updated\ndata: {"n":${n}}\n\n`).join(''),
    );

    f.push(order(4));
    await nextTurn();
    await nextTurn();
    expect(chunks).toHaveLength(2);
    expect(chunks[1]).toBe('id: 4\nevent: order.updated\ndata: {"n":4}\n\n');
  });

  it('takes what waits behind a message at once (takeWaiting), not a next() per message', async () => {
    const waiting = [order(2), order(3)];
    let nexts = 0;
    let served = false;
    const it: SseIterator = {
      async next() {
        nexts++;
        if (served) return new Promise<IteratorResult<SseMessage>>(() => {});
        served = true;
        return { done: false, value: order(1) };
      },
      takeWaiting: () => waiting.splice(0),
    };
    const res = new EventEmitter() as unknown as ServerResponse;
    const body = sseBody({ [Symbol.asyncIterator]: () => it }, res, new SseStreams());
    const chunks: string[] = [];
    body.on('data', (c: Buffer) => chunks.push(c.toString()));
    await nextTurn();
    await nextTurn();
    expect(chunks).toEqual([
      [1, 2, 3].map((n) => `id: ${n}\nevent: order.updated\ndata: {"n":${n}}\n\n`).join(''),
    ]);
    // One next() for the batch, and one now waiting for the next batch.
    expect(nexts).toBe(2);
  });

  it('writes at most once per spacing: what comes sooner waits and leaves with what follows', async () => {
    const f = feed();
    const res = new EventEmitter() as unknown as ServerResponse;
    const body = sseBody(f.events, res, new SseStreams(500));
    const chunks: string[] = [];
    const nextChunk = () => new Promise<void>((r) => body.once('data', () => r()));
    body.on('data', (c: Buffer) => chunks.push(c.toString()));

    // The first write after a quiet spell goes at once.
    f.push(order(1));
    await nextTurn();
    await nextTurn();
    expect(chunks).toHaveLength(1);

    // Two batches from later turns inside the spacing: nothing yet, then both in one write.
    const second = nextChunk();
    f.push(order(2));
    await nextTurn();
    await nextTurn();
    f.push(order(3));
    await nextTurn();
    await nextTurn();
    expect(chunks).toHaveLength(1);
    await second;
    expect(chunks).toEqual([
      'id: 1\nevent: order.updated\ndata: {"n":1}\n\n',
      [2, 3].map((n) => `id: ${n}\nevent: order.updated\ndata: {"n":${n}}\n\n`).join(''),
    ]);
    res.emit('close');
  });

  it('joins a batch once for every display that sends it (the same bytes, one copy)', async () => {
    const batch = [order(1), order(2), order(3)];
    const chunks: Buffer[] = [];
    const streams = new SseStreams(0);
    for (let display = 0; display < 2; display++) {
      const f = feed();
      const res = new EventEmitter() as unknown as ServerResponse;
      sseBody(f.events, res, streams).on('data', (c: Buffer) => chunks.push(c));
      f.push(...batch);
    }
    await nextTurn();
    await nextTurn();
    expect(chunks).toHaveLength(2);
    expect(chunks[1]).toBe(chunks[0]);
    expect(chunks[0]!.toString()).toBe(
      [1, 2, 3].map((n) => `id: ${n}\nevent: order.updated\ndata: {"n":${n}}\n\n`).join(''),
    );
  });

  it('still sends what came last when the feed ends (the server closing), then ends', async () => {
    const f = feed();
    const res = new EventEmitter() as unknown as ServerResponse;
    const body = sseBody(f.events, res, new SseStreams());
    let text = '';
    body.on('data', (c: Buffer) => (text += c.toString()));
    const ended = new Promise((r) => body.on('end', r));
    f.push(order(7));
    f.end();
    await ended;
    expect(text).toBe('id: 7\nevent: order.updated\ndata: {"n":7}\n\n');
  });

  it('writes nothing more once the client went away', async () => {
    const f = feed();
    const res = new EventEmitter() as unknown as ServerResponse;
    const body = sseBody(f.events, res, new SseStreams());
    const chunks: Buffer[] = [];
    body.on('data', (c: Buffer) => chunks.push(c));
    f.push(order(1));
    res.emit('close');
    await nextTurn();
    await nextTurn();
    expect(chunks).toHaveLength(0);
  });
});
