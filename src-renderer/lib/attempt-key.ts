import { useRef } from 'react';
import { ApiError, newIdempotencyKey } from '../api/client';

/**
 * The Idempotency-Key of one creating request (docs/api.md, Screens): kept while the same
 * request is retried after a lost answer, dropped when the form changes or the server refuses.
 * Given the request's body, `get` notices a changed form by itself: a different body is a new
 * request with a new key (the same key with another body would be refused as a mismatch).
 */
export function useAttemptKey() {
  const key = useRef<string | null>(null);
  const sentBody = useRef<string | null>(null);
  return {
    get: (body?: unknown) => {
      const signature = body === undefined ? null : JSON.stringify(body);
      if (signature !== sentBody.current) key.current = null;
      sentBody.current = signature;
      return (key.current ??= newIdempotencyKey());
    },
    reset: () => {
      key.current = null;
    },
    /** After a failure: a 4xx means the next attempt is a new request. */
    failed(e: unknown) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) key.current = null;
      // Over IPC refusals carry status 0 but a code; only `network` keeps the key.
      if (e instanceof ApiError && e.status === 0 && e.code !== 'network') key.current = null;
    },
    done: () => {
      key.current = null;
    },
  };
}
