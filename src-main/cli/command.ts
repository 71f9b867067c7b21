import type { ParseArgsConfig } from 'node:util';
import { openCore, resolveDataDir } from '../app';
import type { CoreContext } from '../core/context';
import { parse } from './args';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<void>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export const DATA_DIR_OPTION = { 'data-dir': { type: 'string' } } as const;

/** Parses a command's flags (always with --data-dir and --help). */
export function parseCommand<T extends Options>(argv: string[], options: T) {
  return parse(argv, { ...DATA_DIR_OPTION, help: { type: 'boolean', short: 'h' }, ...options });
}

/** Opens (and migrates) the data dir for one command and always closes it. */
export async function withCore<T>(
  dataDirFlag: string | undefined,
  io: CliIo,
  fn: (ctx: CoreContext) => Promise<T>,
): Promise<T> {
  const ctx = openCore({ dataDir: resolveDataDir(dataDirFlag, io.env), env: io.env });
  try {
    return await fn(ctx);
  } finally {
    await ctx.dbh.close();
  }
}
