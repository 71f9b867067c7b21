/**
 * Server-Sent Events for operations that `produce` text/event-stream: the handler returns an
 * AsyncIterable of messages; this writes each as it comes and stops the iterator (its `return()`)
 * the moment the client goes away, so nothing keeps waiting for a reader that is gone.
 */
import { PassThrough } from 'node:stream';
import type { ServerResponse } from 'node:http';
import type { SseMessage } from '../../src-shared/contract/define';

/**
 * The JSON of each data object, computed once: every display connected receives the same order
 * object for a change (core/orders/feed.ts shares it), so ten displays cost one stringify.
 */
const jsonOnce = new WeakMap<object, string>();
function dataJson(data: unknown): string {
  if (typeof data !== 'object' || data === null) return JSON.stringify(data);
  let json = jsonOnce.get(data);
  if (json === undefined) {
    json = JSON.stringify(data);
    jsonOnce.set(data, json);
  }
  return json;
}

/** One message in the wire format (lines ending in \n, a blank line ending the message). */
export function formatSse(m: SseMessage): string {
  let out = '';
  // A comment must not smuggle a newline in (it would start a field of its own).
  if (m.comment !== undefined) out += `: ${m.comment.replace(/[\r\n]+/g, ' ')}\n`;
  if (m.retry !== undefined) out += `retry: ${Math.max(0, Math.floor(m.retry))}\n`;
  if (m.id !== undefined) out += `id: ${m.id.replace(/[\r\n]+/g, '')}\n`;
  if (m.event !== undefined) out += `event: ${m.event.replace(/[\r\n]+/g, '')}\n`;
  // JSON.stringify never emits a raw newline, so the data is one line.
  if (m.data !== undefined) out += `data: ${dataJson(m.data)}\n`;
  return out + '\n';
}

/**
 * A readable body fed from `events`; ends (and stops the iterator) when `res` closes, or when the
 * server shuts down (`open` holds a stopper per live stream, so closing never waits on a display).
 */
export function sseBody(
  events: AsyncIterable<SseMessage>,
  res: ServerResponse,
  open: Set<() => void>,
): PassThrough {
  const it = events[Symbol.asyncIterator]();
  const body = new PassThrough();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    open.delete(stop);
    void it.return?.();
    body.end();
  };
  res.on('close', stop);
  open.add(stop);
  void (async () => {
    try {
      while (!stopped) {
        const r = await it.next();
        if (r.done || stopped) break;
        body.write(formatSse(r.value));
      }
    } catch {
      // A failure mid-stream (the database closing under it) ends the stream; EventSource
      // reconnects with Last-Event-ID and resumes where it was.
    } finally {
      stop();
    }
  })();
  return body;
}
