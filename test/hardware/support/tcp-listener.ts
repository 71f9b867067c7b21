/** A TCP listener on 127.0.0.1 standing in for a network printer (raw port 9100 behaviour). */
import net from 'node:net';

export interface FakePrinter {
  port: number;
  /** Resolves with everything one connection sent, once the client half-closed. */
  nextJob(): Promise<Buffer>;
  close(): Promise<void>;
}

/** Reads each connection to its end, then closes it, as a JetDirect-style printer port does. */
export async function listenLikeAPrinter(): Promise<FakePrinter> {
  const jobs: Buffer[] = [];
  const waiting: ((job: Buffer) => void)[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => {
      const job = Buffer.concat(chunks);
      const waiter = waiting.shift();
      if (waiter) waiter(job);
      else jobs.push(job);
      socket.end();
    });
  });
  const port = await listen(server);
  return {
    port,
    nextJob: () =>
      new Promise((resolve) => {
        const job = jobs.shift();
        if (job) resolve(job);
        else waiting.push(resolve);
      }),
    close: () => closeServer(server, sockets),
  };
}

/** Accepts connections and never reads from them: a printer that is offline or jammed. */
export async function listenAndNeverRead(): Promise<{
  port: number;
  connections: () => number;
  close: () => Promise<void>;
}> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  const port = await listen(server);
  return { port, connections: () => count, close: () => closeServer(server, sockets) };
}

/** A loopback port with nothing listening on it (the kernel answers SYN with RST). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('no port'));
    });
  });
}

function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}
