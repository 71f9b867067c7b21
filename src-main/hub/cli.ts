/**
 * `npm run hub -- [serve] --database-url postgres://… [--host 127.0.0.1] [--port 8790]` runs a
 * store hub; `create-admin`, `add-store` and `add-till` set one up from a shell. Every command
 * migrates the database first (several processes may start together: one migrates, the others
 * wait and find nothing to do).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ZodError } from 'zod';
import { parse, parsePort, UsageError } from '../cli/args';
import { HubError } from './errors';
import { openHub, type Hub } from './server';
import { addStore, addTill } from './tills';
import { createHubUser } from './users';

const HELP = `Usage: npm run hub -- [command] --database-url postgres://USER@HOST/DB [options]

Commands:
  serve (default)   [--host 127.0.0.1] [--port 8790]  runs the hub; HUB_JWT_SECRET (32+ chars,
                    the same for every hub process of this database) signs hub sign-ins
  create-admin      --username NAME --password PASSWORD [--role admin|manager]
  add-store         --name NAME                        prints the store's id
  add-till          --store ID --name NAME             prints the till's one-time pairing code

The database URL may come from HUB_DATABASE_URL instead.`;

async function open(databaseUrl: string, secret: string): Promise<Hub> {
  return openHub({ databaseUrl, secret, poolMax: 4 });
}

function need(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required (see --help)`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    'database-url': { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    store: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const env = process.env;
  const command = positionals[0] ?? 'serve';
  const databaseUrl = need(values['database-url'] ?? env.HUB_DATABASE_URL, '--database-url');

  if (command !== 'serve') {
    // Setup commands sign nothing: any secret will do for the moment they run.
    const hub = await open(databaseUrl, env.HUB_JWT_SECRET ?? randomBytes(32).toString('hex'));
    try {
      if (command === 'create-admin') {
        const role = values.role ?? 'admin';
        if (role !== 'admin' && role !== 'manager')
          throw new UsageError('--role is admin or manager');
        const u = await createHubUser(hub.ctx, {
          username: need(values.username, '--username'),
          password: need(values.password, '--password'),
          role,
        });
        console.log(`hub ${u.role} ${u.username} created (${u.id})`);
      } else if (command === 'add-store') {
        const s = await addStore(hub.ctx, { name: need(values.name, '--name') });
        console.log(`store ${s.name}: ${s.id}`);
      } else if (command === 'add-till') {
        const t = await addTill(hub.ctx, need(values.store, '--store'), {
          name: need(values.name, '--name'),
        });
        console.log(`till ${t.till.name} (${t.till.id}) of ${t.till.storeName}`);
        console.log(`pairing code: ${t.pairingCode} (once, until ${t.pairingExpiresAt})`);
      } else {
        throw new UsageError(`unknown command ${command} (see --help)`);
      }
    } finally {
      await hub.close();
    }
    return;
  }

  const secret = env.HUB_JWT_SECRET ?? '';
  if (secret.length < 32)
    throw new UsageError('HUB_JWT_SECRET must be set to at least 32 characters');
  const host = values.host ?? env.HUB_HOST ?? '127.0.0.1';
  const port = parsePort(values.port ?? env.HUB_PORT ?? '8790');
  const hub = await open(databaseUrl, secret);
  await hub.server.listen({ host, port });
  const addr = hub.server.server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  console.log(`listening on http://${shownHost}:${addr.port}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: finishing requests in flight`);
    await hub.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof ZodError) {
    console.error(e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
    process.exit(2);
  }
  if (e instanceof UsageError || e instanceof HubError) {
    console.error(e.message);
    process.exit(2);
  }
  console.error(e);
  process.exit(1);
});
