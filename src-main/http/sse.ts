/**
 * Server-Sent Events for operations that `produce` text/event-stream: the handler returns an
 * AsyncIterable of messages; this writes each as it comes and stops the iterator (its `return()`)
 * the moment the client goes away, so nothing keeps waiting for a reader that is gone.
 */
import { PassThrough } from 'node:stream';
import type { ServerResponse } from 'node:http';
import type { SseIterator, SseMessage } from '../../src-shared/contract/define';

/** One message in the wire format (lines ending in \n, a blank line ending the message). */
export function formatSse(m: SseMessage): string {
  let out = '';
  // A comment must not smuggle a newline in (it would start a field of its own).
  if (m.comment !== undefined) out += `: ${m.comment.replace(/[\r\n]+/g, ' ')}\n`;
  if (m.retry !== undefined) out += `retry: ${Math.max(0, Math.floor(m.retry))}\n`;
  if (m.id !== undefined) out += `id: ${m.id.replace(/[\r\n]+/g, '')}\n`;
  if (m.event !== undefined) out += `event: ${m.event.replace(/[\r\n]+/g, '')}\n`;
  // JSON.stringify never emits a raw newline, so the data is one line.
  if (m.data !== undefined) out += `data: ${JSON.stringify(m.data)}\n`;
  return out + '\n';
}

/**
 * What the event streams of one server share:
 * - the streams open now, ended first on shutdown (server.close() would otherwise wait for every
 *   display);
 * - the wire bytes of each event, encoded once: every display receives the same order object for
 *   a change (core/orders/feed.ts shares it), so ten displays cost one stringify and one UTF-8
 *   encoding, kept per data object for the id and event it was sent with;
 * - the bytes of each write, joined once: displays flushing in the same timer tick hold the very
 *   same buffers, so the first joins them and the others send that copy (reused only when every
 *   part is the same buffer in the same order);
 * - `spacingMs`, the least time between two writes of one stream on a busy till (see `sseBody`).
 */
export class SseStreams {
  readonly open = new Set<() => void>();
  private readonly encoded = new WeakMap<
    object,
    { id: string | undefined; event: string | undefined; bytes: Buffer }
  >();
  private readonly joinedOnce = new WeakMap<Buffer, { parts: Buffer[]; bytes: Buffer }>();

  constructor(readonly spacingMs = 20) {}

  stopAll(): void {
    for (const stop of [...this.open]) stop();
  }

  /** `formatSse` as bytes, shared by every stream sending the same data object with the same id. */
  bytes(m: SseMessage): Buffer {
    const data = m.data;
    if (
      typeof data !== 'object' ||
      data === null ||
      m.comment !== undefined ||
      m.retry !== undefined
    )
      return Buffer.from(formatSse(m));
    const known = this.encoded.get(data);
    if (known && known.id === m.id && known.event === m.event) return known.bytes;
    const bytes = Buffer.from(formatSse(m));
    this.encoded.set(data, { id: m.id, event: m.event, bytes });
    return bytes;
  }

  /** The parts as one buffer, shared by every stream writing the same parts. */
  joined(parts: Buffer[]): Buffer {
    if (parts.length === 1) return parts[0]!;
    const known = this.joinedOnce.get(parts[0]!);
    if (known && known.parts.length === parts.length && known.parts.every((b, i) => b === parts[i]))
      return known.bytes;
    const bytes = Buffer.concat(parts);
    this.joinedOnce.set(parts[0]!, { parts, bytes });
    return bytes;
  }
}

/**
 * A readable body fed from `events`; ends (and stops the iterator) when `res` closes, or when the
 * server shuts down (`streams.open` holds a stopper per live stream).
 */
export function sseBody(
  events: AsyncIterable<SseMessage>,
  res: ServerResponse,
  streams: SseStreams,
): PassThrough {
  const { open, spacingMs } = streams;
  const it: SseIterator = events[Symbol.asyncIterator]();
  const body = new PassThrough();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    open.delete(stop);
    void it.return?.();
    body.end();
  };
  res.on('close', stop);
  open.add(stop);
  // The messages that come in one turn of the event loop go out as one write: a batch of orders
  // committed together reaches each display as one chunk, one socket write, instead of a write
  // per order through the stream machinery (issue 13: ten displays cost a quarter of the orders).
  // A display also gets at most one write per `spacingMs`: on a busy till each commit's batch
  // would otherwise be its own socket write to every display, each with its system call and
  // packet work on top of the bytes. A quiet till (the last write longer ago than that) still
  // sends at once, so a display never waits behind an idle timer. Delayed writes fall on a grid
  // shared by every stream, so the displays of a busy till write the same batch in the same tick
  // and share its joined bytes (`SseStreams.joined`).
  let pending: Buffer[] = [];
  let lastWrite = -Infinity;
  /** `due`: the grid time a delayed write was for (its timer may fire a little late). */
  const flush = (due?: number) => {
    timer = undefined;
    if (stopped || pending.length === 0) return;
    const chunk = streams.joined(pending);
    pending = [];
    lastWrite = due ?? performance.now();
    body.write(chunk);
  };
  const scheduleFlush = () => {
    const now = performance.now();
    if (lastWrite + spacingMs <= now) return void setImmediate(flush);
    const due = Math.ceil((lastWrite + spacingMs) / spacingMs) * spacingMs;
    timer = setTimeout(flush, due - now, due);
  };
  void (async () => {
    try {
      while (!stopped) {
        const r = await it.next();
        if (r.done || stopped) break;
        if (pending.length === 0) scheduleFlush();
        pending.push(streams.bytes(r.value));
        // The rest of its batch, without a promise per message.
        for (const m of it.takeWaiting?.() ?? []) pending.push(streams.bytes(m));
      }
      // The events stopped (the server is closing): what came last still goes out.
      flush();
    } catch {
      // A failure mid-stream (the database closing under it) ends the stream; EventSource
      // reconnects with Last-Event-ID and resumes where it was.
    } finally {
      stop();
    }
  })();
  return body;
}
