import { containsCardNumber } from '../core/card-data';

/**
 * The path as logged: without its query (it may carry `access_token` for SSE), and with any
 * segment that holds a card number replaced, so a PAN typed into a URL never reaches the log.
 */
export function pathOnly(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path
    .split('/')
    .map((seg) => {
      let text = seg;
      try {
        text = decodeURIComponent(seg);
      } catch {
        // A malformed escape is logged as sent.
      }
      return containsCardNumber(text) ? '[redacted]' : seg;
    })
    .join('/');
}
