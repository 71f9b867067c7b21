/**
 * Where this terminal's settings live: a JSON file of the terminal, never the database (a restore
 * must not change which printer this PC talks to). Under plain Node it is `terminal.json` in the
 * data dir, so two tills with two data dirs never share one; the desktop app keeps it with
 * electron-store under its userData folder (src-main/electron/terminal-store.ts), with the same
 * schema, since electron-store is `conf` plus Electron's paths. Plain Node reads and writes the
 * file itself (the same JSON): `conf` compiled its JSON-schema validator with ajv at every start,
 * a tenth of the server's cold start (issue 13), and every value is checked with zod here anyway.
 */
import { join } from 'node:path';
import type Conf from 'conf';
import type { Options } from 'conf';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from '../private-files';
import {
  DEFAULT_TERMINAL_SETTINGS,
  terminalSettingsSchema,
  type TerminalSettings,
} from '../../src-shared/contract/terminal';

export interface TerminalStore {
  /** The file, for messages. */
  readonly path: string;
  read(): TerminalSettings;
  write(next: TerminalSettings): void;
}

export const TERMINAL_FILE = 'terminal';

/** The file's JSON schema, one entry per key with its default (what conf and electron-store take). */
export function terminalStoreSchema(): NonNullable<Options<TerminalSettings>['schema']> {
  const shape = terminalSettingsSchema.shape;
  const entry = <K extends keyof TerminalSettings>(key: K) => {
    const { $schema: _ignored, ...schema } = z.toJSONSchema(shape[key]) as Record<string, unknown>;
    return { ...schema, default: DEFAULT_TERMINAL_SETTINGS[key] };
  };
  return { printer: entry('printer'), drawer: entry('drawer'), lan: entry('lan') } as NonNullable<
    Options<TerminalSettings>['schema']
  >;
}

/** The options both stores share (`cwd` and the name are each store's own). */
export function terminalStoreOptions(): Options<TerminalSettings> {
  return {
    schema: terminalStoreSchema(),
    defaults: DEFAULT_TERMINAL_SETTINGS,
    // The keys are plain words; dots in a value must never be read as a path.
    accessPropertiesByDotNotation: false,
    // Like every file in the data dir (private-files.ts): readable by the shop's account only.
    configFileMode: 0o600,
  };
}

/** A conf (or electron-store) instance, read whole and written whole. */
export function storeOver(conf: Conf<TerminalSettings>): TerminalStore {
  return {
    path: conf.path,
    read() {
      // What the file holds, checked again: a hand-edited value outside the schema is not used.
      const parsed = overDefaults(conf.store);
      return parsed.success ? parsed.data : DEFAULT_TERMINAL_SETTINGS;
    },
    write(next) {
      conf.store = terminalSettingsSchema.parse(next);
    },
  };
}

/**
 * Opens the store, or, when the file is unreadable (bad JSON, a value outside the schema), says so
 * and runs with the defaults until the settings are saved again: a broken file never stops a till.
 */
export function openStoreWith(
  open: (clearInvalidConfig: boolean) => Conf<TerminalSettings>,
  log: (message: string) => void,
): TerminalStore {
  try {
    return storeOver(open(false));
  } catch (e) {
    const conf = open(true);
    log(
      `countertop: the terminal settings file ${conf.path} cannot be read (${
        e instanceof Error ? e.message : String(e)
      }); running with the defaults until the settings are saved again`,
    );
    return storeOver(conf);
  }
}

/** What a file holds over the defaults, checked with the contract's schema. */
function overDefaults(stored: unknown) {
  return terminalSettingsSchema.safeParse({
    ...DEFAULT_TERMINAL_SETTINGS,
    ...(typeof stored === 'object' && !Array.isArray(stored) ? stored : {}),
  });
}

/**
 * Plain Node (headless server, CLI, tests): `<data-dir>/terminal.json`, read whole on every read
 * (a hand edit counts from the next one) and written whole. The first start writes the defaults,
 * so the file is there to edit. A file that cannot be read (bad JSON, a value outside the schema)
 * is said once, and the defaults run until the settings are saved again: it never stops a till.
 */
export function openTerminalFile(
  dir: string,
  log: (message: string) => void = (m) => console.error(m),
): TerminalStore {
  const path = join(dir, `${TERMINAL_FILE}.json`);
  const problem = checkTerminalFile(path);
  if (problem)
    log(
      `countertop: the terminal settings file ${path} cannot be read (${problem}); running with the defaults until the settings are saved again`,
    );
  return {
    path,
    read() {
      try {
        const parsed = overDefaults(readJsonFile(path));
        return parsed.success ? parsed.data : DEFAULT_TERMINAL_SETTINGS;
      } catch {
        return DEFAULT_TERMINAL_SETTINGS;
      }
    },
    write(next) {
      writeJsonFile(path, terminalSettingsSchema.parse(next));
    },
  };
}

/** What is wrong with the file, if anything; a missing one is created with the defaults. */
function checkTerminalFile(path: string): string | null {
  let stored: unknown;
  try {
    stored = readJsonFile(path);
    if (stored === undefined) {
      writeJsonFile(path, DEFAULT_TERMINAL_SETTINGS);
      return null;
    }
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const parsed = overDefaults(stored);
  return parsed.success ? null : z.prettifyError(parsed.error);
}
