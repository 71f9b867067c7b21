/**
 * A Server-Sent Events stream lives as long as its caller's right to it: the token is checked
 * again before every message and on a timer (against the app's clock, so an expired token or a
 * deactivated user or an ended session stops the stream even when nothing happens), and one user
 * holds at most `maxPerUser` streams open at once.
 */
import type { SseIterator, SseMessage } from '../../src-shared/contract/define';
import { PosError } from '../../src-shared/errors';
import type { App } from '../app';
import { signedInUser } from '../core/auth/actor';

export interface StreamLimits {
  /** How often an idle stream re-checks its token (ms). */
  checkEveryMs: number;
  maxPerUser: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { checkEveryMs: 5_000, maxPerUser: 16 };

/** Open streams per user id, for one server. */
export class StreamCounts {
  readonly #open = new Map<string, number>();
  constructor(private readonly max: number) {}

  /** Counts one more stream for `userId`; 429 when that user already holds the most allowed. */
  take(userId: string): () => void {
    const n = this.#open.get(userId) ?? 0;
    if (n >= this.max)
      throw new PosError(
        'rate_limited',
        `this user already has ${this.max} live streams open; close a display before opening another`,
        { limit: this.max },
      );
    this.#open.set(userId, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(userId) ?? 1) - 1;
      if (left <= 0) this.#open.delete(userId);
      else this.#open.set(userId, left);
    };
  }
}

/** `events`, ended as soon as `token` no longer authenticates; `release` runs once it ends. */
export function guardStream(
  app: App,
  token: string,
  events: AsyncIterable<SseMessage>,
  limits: StreamLimits,
  release: () => void,
): AsyncIterable<SseMessage> {
  return {
    [Symbol.asyncIterator](): SseIterator {
      const inner: SseIterator = events[Symbol.asyncIterator]();
      let ended = false;
      // Wakes the pending next() when the stream is ended from outside (the timer's check, the
      // client leaving). One slot, cleared after each message: racing every next() against one
      // long-lived promise would leave a reaction on it per message for as long as a display
      // stays connected (all day), a slow leak.
      let wakeOnEnd: (() => void) | null = null;
      const stillAllowed = async (): Promise<boolean> => {
        try {
          await signedInUser(app.core, app.tokens, token);
          return true;
        } catch {
          return false;
        }
      };
      // Messages sent in one turn of the event loop (a batch of orders committed together) share
      // one check: they are as simultaneous as two messages get, and a check per message per
      // display was most of what ten displays cost (issue 13). A deactivation or sign-out
      // committed earlier is seen by the first message of the next turn.
      let thisTurn: Promise<boolean> | null = null;
      const allowedThisTurn = (): Promise<boolean> => {
        if (!thisTurn) {
          thisTurn = stillAllowed();
          setImmediate(() => (thisTurn = null));
        }
        return thisTurn;
      };
      // The check the last message passed: what waits behind it goes out with it only while that
      // check is still this turn's (a check that took longer than a turn starts a new one).
      let passed: Promise<boolean> | null = null;
      const end = async (): Promise<IteratorResult<SseMessage>> => {
        if (!ended) {
          ended = true;
          clearInterval(timer);
          release();
          wakeOnEnd?.();
          await inner.return?.();
        }
        return { done: true, value: undefined };
      };
      const timer = setInterval(() => {
        void stillAllowed().then((ok) => (ok ? undefined : end()));
      }, limits.checkEveryMs);
      timer.unref();
      return {
        async next() {
          if (ended) return { done: true, value: undefined };
          const r = await new Promise<IteratorResult<SseMessage> | 'ended'>((resolve, reject) => {
            wakeOnEnd = () => resolve('ended');
            inner.next().then(resolve, reject);
          });
          wakeOnEnd = null;
          if (r === 'ended' || ended) return { done: true, value: undefined };
          if (r.done) return end();
          const check = allowedThisTurn();
          if (!(await check)) return end();
          passed = check;
          return r;
        },
        takeWaiting: () =>
          !ended && passed !== null && passed === thisTurn ? (inner.takeWaiting?.() ?? []) : [],
        return: end,
      };
    },
  };
}
