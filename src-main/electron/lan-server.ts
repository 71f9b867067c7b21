/**
 * The desktop app's LAN server: the same `buildServer` the headless server runs, so a kitchen
 * display (or another till) on the shop's network reaches this till over HTTP. Turned on and off,
 * or moved to another port, by the terminal settings without a restart; a port in use is an
 * answer in words, and the previous server keeps running.
 */
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { LanServerStatus, LanSettings } from '../../src-shared/contract/terminal';
import { PosError } from '../../src-shared/errors';
import type { App } from '../app';
import { buildServer, type ServerOptions } from '../http/server';

export class LanServer {
  private server: FastifyInstance | null = null;
  private status: LanServerStatus = { state: 'off', urls: [], problem: null };
  private running: LanSettings | null = null;

  constructor(
    private readonly app: App,
    private readonly serverOptions: ServerOptions = {},
  ) {}

  current(): LanServerStatus {
    return { ...this.status, urls: [...this.status.urls] };
  }

  /**
   * Brings the server in line with `lan`. Throws a 409 in words when the new address cannot be
   * taken (a port in use); the server that ran before keeps running then.
   */
  async apply(lan: LanSettings): Promise<void> {
    const same =
      this.running !== null &&
      lan.enabled &&
      this.running.host === lan.host &&
      this.running.port === lan.port;
    if (same) return;
    if (!lan.enabled) {
      await this.stop();
      return;
    }
    const previous = this.status;
    this.status = { state: 'starting', urls: [], problem: null };
    const next = await buildServer(this.app, this.serverOptions);
    try {
      // The old one lets go of its port first: moving host on one port must not collide.
      if (this.running && this.running.port === lan.port) await this.stop();
      await next.listen({ host: lan.host, port: lan.port });
    } catch (e) {
      await next.close().catch(() => undefined);
      const problem = listenProblem(e, lan);
      this.status = this.server ? previous : { state: 'failed', urls: [], problem };
      throw new PosError('conflict', problem, { setting: 'lan.port', port: lan.port });
    }
    await this.stop();
    this.server = next;
    this.running = { ...lan };
    const addr = next.server.address() as AddressInfo;
    this.status = { state: 'listening', urls: urlsFor(lan.host, addr.port), problem: null };
  }

  /** Lets requests in flight finish, then closes (quitting the app, turning the setting off). */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    this.running = null;
    this.status = { state: 'off', urls: [], problem: null };
    if (s) await s.close();
  }

  /**
   * Starts with the settings in use; a failure is kept as the status (shown in the window and on
   * the settings screen) instead of stopping the app: the till sells without its LAN server.
   */
  async start(lan: LanSettings): Promise<void> {
    try {
      await this.apply(lan);
    } catch (e) {
      if (!(e instanceof PosError)) throw e;
    }
  }
}

/**
 * The LAN server as the terminal settings say: started with the settings in use, its status
 * reported to the settings view, and moved or stopped whenever a change touches it. The desktop
 * shell's wiring, and a test's that serves the Hardware screen's LAN switch over HTTP.
 */
export async function serveLanFromSettings(
  app: App,
  serverOptions: ServerOptions = {},
): Promise<LanServer> {
  const lan = new LanServer(app, serverOptions);
  app.terminal.reportLanStatus(() => lan.current());
  app.terminal.onChange(async (next, prev) => {
    const l = next.lan;
    const p = prev.lan;
    if (l.enabled !== p.enabled || l.host !== p.host || l.port !== p.port) await lan.apply(l);
  });
  await lan.start(app.terminal.effective().lan);
  return lan;
}

function listenProblem(e: unknown, lan: LanSettings): string {
  const code = (e as NodeJS.ErrnoException).code;
  const where = `${lan.host}:${lan.port}`;
  switch (code) {
    case 'EADDRINUSE':
      return `port ${lan.port} is already in use on this computer (another program, or another Countertop); choose another port`;
    case 'EACCES':
      return `this computer does not let Countertop use port ${lan.port}; choose a port above 1024`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `${lan.host} is not an address of this computer; use 0.0.0.0 for all of them`;
    default:
      return `cannot serve on ${where}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** What a kitchen display types in: each IPv4 address of this machine when serving on all. */
export function urlsFor(host: string, port: number): string[] {
  const any = host === '0.0.0.0' || host === '::';
  if (!any) return [`http://${host.includes(':') ? `[${host}]` : host}:${port}/#/kitchen`];
  const lan: string[] = [];
  const loop: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family !== 'IPv4') continue;
      (a.internal ? loop : lan).push(`http://${a.address}:${port}/#/kitchen`);
    }
  }
  // The LAN addresses first: loopback only helps on this very computer.
  return [...lan, ...loop];
}
