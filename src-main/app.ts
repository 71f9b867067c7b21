import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadJwtSecret } from './core/auth/secret';
import { TokenService } from './core/auth/tokens';
import {
  systemClock,
  uuidSource,
  type Clock,
  type CoreContext,
  type IdSource,
} from './core/context';
import { migrate, type Migration } from './db/migrator';
import { openDb } from './db/open';
import { VERSION } from './paths';

/** Everything a transport (HTTP, IPC, CLI) needs: the core context and the long-lived services. */
export interface App {
  core: CoreContext;
  tokens: TokenService;
  close(): Promise<void>;
}

export interface AppOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  newId?: IdSource;
  migrations?: Migration[];
}

export const DB_FILE = 'countertop.sqlite3';

export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(flag ?? env.POS_DATA_DIR ?? 'data');
}

/** Opens the data dir, creating and migrating it on first start: what the CLI needs. */
export function openCore(opts: AppOptions): CoreContext {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const dbh = openDb(join(opts.dataDir, DB_FILE));
  try {
    migrate(dbh.sqlite, opts.migrations ? { migrations: opts.migrations } : {});
  } catch (e) {
    void dbh.close();
    throw e;
  }
  const clock = opts.clock ?? systemClock;
  return {
    dbh,
    clock,
    newId: opts.newId ?? uuidSource,
    dataDir: opts.dataDir,
    version: VERSION,
    startedAt: clock(),
  };
}

/** The core plus the services a server needs (token signing). */
export function openApp(opts: AppOptions): App {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  // The secret check comes first: a production start without one must not touch the database.
  const secret = loadJwtSecret(opts.env ?? process.env, opts.dataDir);
  const core = openCore(opts);
  return { core, tokens: new TokenService(secret), close: () => core.dbh.close() };
}
