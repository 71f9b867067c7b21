/**
 * Where this terminal's settings live: a JSON file of the terminal, never the database (a restore
 * must not change which printer this PC talks to). Under plain Node it is `terminal.json` in the
 * data dir, so two tills with two data dirs never share one; the desktop app keeps it with
 * electron-store under its userData folder (src-main/electron/terminal-store.ts), with the same
 * schema, since electron-store is `conf` plus Electron's paths.
 */
import Conf, { type Options } from 'conf';
import { z } from 'zod';
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
      const parsed = terminalSettingsSchema.safeParse({
        ...DEFAULT_TERMINAL_SETTINGS,
        ...conf.store,
      });
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

/** Plain Node (headless server, CLI, tests): `<data-dir>/terminal.json`. */
export function openConfStore(
  dir: string,
  log: (message: string) => void = (m) => console.error(m),
): TerminalStore {
  return openStoreWith(
    (clearInvalidConfig) =>
      new Conf<TerminalSettings>({
        ...terminalStoreOptions(),
        cwd: dir,
        configName: TERMINAL_FILE,
        projectName: 'countertop',
        clearInvalidConfig,
      }),
    log,
  );
}
