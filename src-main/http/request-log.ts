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

/** The path without its query: the query may carry `access_token` (SSE) and is never logged. */
export function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
