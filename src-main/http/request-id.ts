import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { containsCardNumber } from '../core/card-data';

const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Echo the client's X-Request-ID when it is safe to put in a header and a log; else a new UUID.
 * One holding a card number is replaced too: it would be echoed and written to the log.
 */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) && !containsCardNumber(given)
    ? given
    : randomUUID();
}
