/**
 * A TCP proxy on 127.0.0.1 between a till and its hub that a test cuts, delays and resumes: the
 * network faults a shop's link really has, on real sockets.
 *
 * - `cut()`: every open connection is destroyed and new ones are refused (the cable is out);
 *   `resume()` lets them through again.
 * - `loseAnswers()`: requests reach the hub, but whatever it answers is thrown away and the
 *   connection destroyed once it has answered (the hub commits, the till never hears it).
 * - `delay(ms)`: each chunk either way waits `ms` before it is passed on.
 * - `retarget(port)`: new connections go to another port (a load balancer moving a till to another
 *   hub process); open ones stay where they are.
 */
import net from 'node:net';

export interface TcpProxy {
  readonly port: number;
  readonly url: string;
  cut(): void;
  loseAnswers(): void;
  resume(): void;
  delay(ms: number): void;
  retarget(port: number): void;
  /** Bytes the proxy took from the till's side so far (passed on or not): a request is in it. */
  readonly bytesToTarget: number;
  /** Connections the proxy accepted and passed on (refused ones not counted). */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startTcpProxy(
  targetPort: number,
  targetHost = '127.0.0.1',
): Promise<TcpProxy> {
  let target = targetPort;
  let mode: 'open' | 'cut' | 'lose-answers' = 'open';
  let delayMs = 0;
  let connections = 0;
  let bytesToTarget = 0;
  const sockets = new Set<net.Socket>();

  // Everything one way waits the same delay, so data, its end and a close keep their order.
  const later = (fn: () => void) => (delayMs > 0 ? void setTimeout(fn, delayMs) : fn());
  const pass = (from: net.Socket, to: net.Socket, answers: boolean) => {
    from.on('data', (chunk: Buffer) => {
      if (!answers) bytesToTarget += chunk.length;
      later(() => {
        if (answers && mode === 'lose-answers') {
          // The hub has answered: the till never gets it, and the connection dies.
          from.destroy();
          to.destroy();
          return;
        }
        if (!to.destroyed) to.write(chunk);
      });
    });
    from.on('end', () => later(() => to.end()));
    from.on('error', () => later(() => to.destroy()));
    from.on('close', () => later(() => to.destroy()));
  };

  const server = net.createServer((client) => {
    if (mode === 'cut') {
      client.destroy();
      return;
    }
    connections++;
    const upstream = net.connect(target, targetHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    pass(client, upstream, false);
    pass(upstream, client, true);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    get bytesToTarget() {
      return bytesToTarget;
    },
    cut() {
      mode = 'cut';
      for (const s of sockets) s.destroy();
    },
    loseAnswers() {
      mode = 'lose-answers';
    },
    resume() {
      mode = 'open';
    },
    delay(ms: number) {
      delayMs = ms;
    },
    retarget(port: number) {
      target = port;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
