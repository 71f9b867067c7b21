import { containsCardNumber } from '../core/card-data';

/** One structured line per request. Never the query string, a body, or any header. */
export interface RequestLogLine {
  time: string;
  level: 'info' | 'warn' | 'error';
  msg: 'request';
  reqId: string;
  method: string;
  route: string;
  path: string;
  status: number;
  ms: number;
  userId: string | null;
  error?: string;
}

export type LogSink = (line: Record<string, unknown>) => void;

export const stdoutSink: LogSink = (line) => {
  process.stdout.write(JSON.stringify(line) + '\n');
};

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
