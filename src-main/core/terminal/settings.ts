/**
 * This terminal's settings (printer, drawer, LAN server): the stored values, what the environment
 * fixes, and the change listeners that apply a new value at once (the print worker and drawer, the
 * desktop app's LAN server). An environment variable wins over the file, per setting.
 */
import { statSync } from 'node:fs';
import {
  TERMINAL_ENV,
  type LanServerStatus,
  type TerminalSettingKey,
  type TerminalSettings,
  type TerminalSettingsView,
  type updateTerminalSettingsInput,
} from '../../../src-shared/contract/terminal';
import { PosError } from '../../../src-shared/errors';
import type { z } from 'zod';
import {
  HardwareConfigError,
  parseDrawerSetting,
  parsePrinterSetting,
  type DrawerConfig,
  type PrinterConfig,
} from '../../../src-shared/device-settings';
import type { TerminalStore } from '../../terminal/settings-store';

export type TerminalSettingsChange = z.infer<typeof updateTerminalSettingsInput>;

/** Called after a change is saved; a listener that throws turns the answer into that error. */
export type TerminalListener = (
  next: TerminalSettings,
  previous: TerminalSettings,
) => Promise<void>;

type Env = Record<string, string | undefined>;

interface EnvOverrides {
  values: Partial<{
    printer: string;
    drawer: string;
    enabled: boolean;
    host: string;
    port: number;
  }>;
  fromEnv: Record<TerminalSettingKey, boolean>;
}

function readEnv(env: Env, log: (m: string) => void): EnvOverrides {
  const set = (name: string) => env[name] !== undefined && env[name].trim() !== '';
  const values: EnvOverrides['values'] = {};
  const fromEnv: Record<TerminalSettingKey, boolean> = {
    printer: false,
    drawer: false,
    lanEnabled: false,
    lanHost: false,
    lanPort: false,
  };
  if (set(TERMINAL_ENV.printer)) {
    values.printer = env[TERMINAL_ENV.printer]!.trim();
    fromEnv.printer = true;
  }
  if (set(TERMINAL_ENV.drawer)) {
    values.drawer = env[TERMINAL_ENV.drawer]!.trim();
    fromEnv.drawer = true;
  }
  if (set(TERMINAL_ENV.lanEnabled)) {
    const v = env[TERMINAL_ENV.lanEnabled]!.trim().toLowerCase();
    if (v === 'on' || v === 'off') {
      values.enabled = v === 'on';
      fromEnv.lanEnabled = true;
    } else log(`countertop: POS_LAN must be on or off, not "${v}"; using the stored setting`);
  }
  if (set(TERMINAL_ENV.lanHost)) {
    values.host = env[TERMINAL_ENV.lanHost]!.trim();
    fromEnv.lanHost = true;
  }
  if (set(TERMINAL_ENV.lanPort)) {
    const raw = env[TERMINAL_ENV.lanPort]!.trim();
    const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
    if (port >= 1 && port <= 65535) {
      values.port = port;
      fromEnv.lanPort = true;
    } else log(`countertop: POS_PORT must be a port from 1 to 65535, not "${raw}"`);
  }
  return { values, fromEnv };
}

function fieldError(field: string, message: string, value: string): PosError {
  return new PosError('validation_error', `${field}: ${message}`, {
    issues: [{ path: field, message, code: 'custom' }],
    value,
  });
}

/** The device behind a `file:` or `serial:` setting must exist and be a device (or a FIFO). */
function checkDevice(field: string, value: string, path: string, fifoOk: boolean): void {
  if (/^COM\d+$/i.test(path)) return; // Windows ports have no path to look at
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such device' : `cannot look at it (${code})`;
    throw fieldError(field, `${path}: ${why}; is the ${field} plugged in?`, value);
  }
  if (!(st.isCharacterDevice() || (fifoOk && st.isFIFO())))
    throw fieldError(field, `${path} is not a device (a file or folder is no ${field})`, value);
}

function parseOrRefuse<C>(field: string, value: string, parse: (v: string) => C): C {
  try {
    return parse(value);
  } catch (e) {
    if (e instanceof HardwareConfigError) {
      // The parser names the env variable; the screen's field is what the user typed into.
      const detail = e.message.slice(e.message.indexOf(':') + 1).trim();
      throw fieldError(field, detail, value);
    }
    throw e;
  }
}

export function checkPrinterValue(value: string): PrinterConfig {
  const config = parseOrRefuse('printer', value, (v) => parsePrinterSetting(v, 'printer'));
  if (config.kind === 'file') checkDevice('printer', value, config.path, true);
  if (config.kind === 'serial') checkDevice('printer', value, config.path, false);
  return config;
}

export function checkDrawerValue(value: string): DrawerConfig {
  const config = parseOrRefuse('drawer', value, (v) => parseDrawerSetting(v, 'drawer'));
  if (config.kind === 'serial') checkDevice('drawer', value, config.path, false);
  return config;
}

export class TerminalSettingsService {
  private readonly overrides: EnvOverrides;
  private readonly listeners = new Set<TerminalListener>();
  private lanStatus: (() => LanServerStatus) | null = null;
  /** One change at a time: a second waits until the first is applied. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly store: TerminalStore,
    env: Env,
    log: (message: string) => void = (m) => console.error(m),
  ) {
    this.overrides = readEnv(env, log);
  }

  stored(): TerminalSettings {
    return this.store.read();
  }

  /** What is in use: the environment's values over the stored ones. */
  effective(): TerminalSettings {
    return this.merge(this.stored());
  }

  private merge(stored: TerminalSettings): TerminalSettings {
    const o = this.overrides.values;
    return {
      printer: o.printer ?? stored.printer,
      drawer: o.drawer ?? stored.drawer,
      lan: {
        enabled: o.enabled ?? stored.lan.enabled,
        host: o.host ?? stored.lan.host,
        port: o.port ?? stored.lan.port,
      },
    };
  }

  /** The desktop app's LAN server reports how it runs (the headless server has none). */
  reportLanStatus(source: () => LanServerStatus): void {
    this.lanStatus = source;
  }

  lanServer(): LanServerStatus | null {
    return this.lanStatus ? this.lanStatus() : null;
  }

  onChange(listener: TerminalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  view(problems: TerminalSettingsView['problems']): TerminalSettingsView {
    const stored = this.stored();
    return {
      settings: this.merge(stored),
      stored,
      fromEnv: { ...this.overrides.fromEnv },
      problems,
      lanServer: this.lanServer(),
    };
  }

  /**
   * Checks the change (a value the environment fixes cannot be changed here; a device path must
   * be a device), saves it, then lets each listener apply it. A listener's refusal (the LAN port
   * is in use) puts the file back as it was, and the previous settings are applied again.
   */
  update(change: TerminalSettingsChange): Promise<void> {
    const run = this.queue.then(() => this.updateNow(change));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async updateNow(change: TerminalSettingsChange): Promise<void> {
    const refuseFixed = (key: TerminalSettingKey, field: string) => {
      throw new PosError(
        'conflict',
        `${field} is set by ${TERMINAL_ENV[key]} in this terminal's environment; change it there`,
        { setting: field, env: TERMINAL_ENV[key] },
      );
    };
    const before = this.stored();
    const current = this.merge(before);
    const next: TerminalSettings = { ...before, lan: { ...before.lan } };
    /** Whether `value` is a change to make; a change to what the environment fixes is refused. */
    const changes = <T>(key: TerminalSettingKey, field: string, value: T | undefined, now: T) => {
      if (value === undefined) return false;
      if (this.overrides.fromEnv[key]) {
        if (value !== now) refuseFixed(key, field);
        return false;
      }
      return true;
    };
    const none = (v: string) => (v === '' ? 'none' : v);
    // An unchanged value is not checked again (a printer unplugged for now can stay saved).
    if (
      changes('printer', 'printer', change.printer, current.printer) &&
      change.printer !== before.printer
    ) {
      checkPrinterValue(change.printer!);
      next.printer = none(change.printer!);
    }
    if (
      changes('drawer', 'drawer', change.drawer, current.drawer) &&
      change.drawer !== before.drawer
    ) {
      checkDrawerValue(change.drawer!);
      next.drawer = none(change.drawer!);
    }
    const lan = change.lan ?? {};
    if (changes('lanEnabled', 'lan.enabled', lan.enabled, current.lan.enabled))
      next.lan.enabled = lan.enabled!;
    if (changes('lanHost', 'lan.host', lan.host, current.lan.host)) next.lan.host = lan.host!;
    if (changes('lanPort', 'lan.port', lan.port, current.lan.port)) next.lan.port = lan.port!;
    const prevEffective = current;
    const nextEffective = this.merge(next);
    this.store.write(next);
    try {
      for (const l of this.listeners) await l(nextEffective, prevEffective);
    } catch (e) {
      this.store.write(before);
      for (const l of this.listeners) await l(prevEffective, nextEffective).catch(() => undefined);
      throw e;
    }
  }
}
