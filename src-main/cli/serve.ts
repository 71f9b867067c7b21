import type { AddressInfo } from 'node:net';
import { openApp, resolveDataDir } from '../app';
import { issueSetupToken, needsOwner } from '../core/auth/first-run';
import { buildServer } from '../http/server';
import { parse, parsePort, UsageError } from './args';

const HELP = `Usage: npm run serve -- [--host 127.0.0.1] [--port 8787] [--data-dir DIR]

Runs the Countertop API without Electron. Env equivalents: POS_HOST, POS_PORT, POS_DATA_DIR.
The default host is loopback; give --host 0.0.0.0 to serve the shop's LAN.`;

async function main(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    host: { type: 'string' },
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const env = process.env;
  // POS_STARTUP_TIMES=1: when each step of the start ended, in ms since the process began, on
  // stderr (how docs/benchmarks.md's start-up steps are measured, issue 13).
  const step = env.POS_STARTUP_TIMES
    ? (what: string) => console.error(`startup: ${what} at ${performance.now().toFixed(1)} ms`)
    : () => undefined;
  step('modules loaded');
  const host = values.host ?? env.POS_HOST ?? '127.0.0.1';
  const port = parsePort(values.port ?? env.POS_PORT ?? '8787');
  const dataDir = resolveDataDir(values['data-dir'], env);
  const app = openApp({ dataDir, env });
  step('database ready and services started');
  const server = await buildServer(app);
  step('routes registered');
  await server.listen({ host, port });
  step('listening');
  const addr = server.server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  console.log(`listening on http://${shownHost}:${addr.port}`);
  if (await needsOwner(app.core)) {
    // First start: no account exists, and none can be made over the LAN without this link.
    const linkHost = /^(0\.0\.0\.0|::|\[::\])$/.test(addr.address) ? '127.0.0.1' : shownHost;
    const token = issueSetupToken(app.core);
    console.log(
      `first start: create the owner account at http://${linkHost}:${addr.port}/#/setup?token=${token} (works once, for an hour)`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: finishing requests in flight and closing the database`);
    try {
      await server.close();
    } finally {
      await app.close();
    }
    const c = app.core.dbh.commits;
    // How well group commit batched (npm run bench reports it): transactions per COMMIT.
    console.error(`group commit: ${c.transactions} transactions in ${c.commits} commits`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const msg = e instanceof Error ? e.message : String(e);
  console.error(`countertop serve: ${msg}`);
  process.exit(e instanceof UsageError ? 2 : 1);
});
