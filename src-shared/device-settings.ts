/**
 * The grammar of this terminal's hardware settings (API.md §1), shared by the device side
 * (src-main/hardware/config.ts), the core (a station's printer) and the settings screens:
 *
 *   POS_PRINTER = none | tcp://HOST:PORT | serial:/dev/ttyUSB0[?baud=9600] | file:/dev/usb/lp0
 *   POS_DRAWER  = none | serial:/dev/ttyS0[?baud=9600][&pin=0|1&t1=25&t2=250]
 *               | printer[?pin=&t1=&t2=&sensor=high|low]
 *
 * `sensor` is the polarity of the drawer's open sensor, read through the printer's drawer port
 * (DLE EOT 1, connector pin 3): `high` (the default) means the drawer is open when pin 3 reads
 * high, `low` when it reads low; drawers differ. A serial-triggered drawer has no sensor to read.
 *
 * A malformed value is refused with a message naming the setting and quoting the value: a typo in
 * a printer address should stop the operator at start-up, not surface as a silent non-print at
 * the first sale. Unknown query parameters are refused for the same reason (`?baudrate=` is a typo).
 */
import { PosError } from './errors';

export type PrinterConfig =
  | { kind: 'none' }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'serial'; path: string; baudRate: number }
  | { kind: 'file'; path: string };

/** ESC p m t1 t2: which connector pin to pulse, and the on/off times in 2 ms units. */
export interface KickPulse {
  pin: 0 | 1;
  t1: number;
  t2: number;
}

export type DrawerConfig =
  | { kind: 'none' }
  | ({ kind: 'serial'; path: string; baudRate: number } & KickPulse)
  | ({ kind: 'printer'; sensor: DrawerSensor } & KickPulse);

/** Which level of the printer's drawer pin 3 means "open". */
export type DrawerSensor = 'high' | 'low';

export const DEFAULT_BAUD_RATE = 9600;
export const DEFAULT_PRINTER_PORT = 9100;
export const DEFAULT_PULSE: KickPulse = { pin: 0, t1: 0x19, t2: 0xfa };

const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400];

const PRINTER_FORMS = 'none, tcp://host:port, serial:/dev/... or file:/dev/...';
const DRAWER_FORMS =
  'none, serial:/dev/...[?baud=9600&pin=0&t1=25&t2=250] or printer[?pin=0&t1=25&t2=250&sensor=high]';

/**
 * A validation error, so a bad value typed into the settings screen maps to a 422 like any other
 * bad input, while start-up can print `message` as the one-line reason.
 */
export class HardwareConfigError extends PosError {
  readonly setting: string;

  constructor(setting: string, value: string, detail: string) {
    super('validation_error', `${setting}: ${detail}`, { setting, value });
    this.name = 'HardwareConfigError';
    this.setting = setting;
  }
}

function refuse(setting: string, forms: string, value: string, why?: string): never {
  const reason = why ? `${why} in ${JSON.stringify(value)}` : `got ${JSON.stringify(value)}`;
  throw new HardwareConfigError(setting, value, `expected ${forms}; ${reason}`);
}

/** A serial device: an absolute Unix path, or COMn on Windows. */
function isDevicePath(path: string): boolean {
  return /^\/[^\s?&]+$/.test(path) || /^COM[1-9]\d*$/i.test(path);
}

type Query = Map<string, string>;

function splitQuery(setting: string, forms: string, value: string, rest: string) {
  const at = rest.indexOf('?');
  const path = at === -1 ? rest : rest.slice(0, at);
  const query: Query = new Map();
  if (at !== -1) {
    for (const pair of rest.slice(at + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) refuse(setting, forms, value, `bad parameter "${pair}"`);
      const key = pair.slice(0, eq).toLowerCase();
      if (query.has(key)) refuse(setting, forms, value, `repeated parameter "${key}"`);
      query.set(key, pair.slice(eq + 1));
    }
  }
  return { path, query };
}

function checkParams(
  setting: string,
  forms: string,
  value: string,
  query: Query,
  allowed: string[],
) {
  for (const key of query.keys()) {
    if (!allowed.includes(key)) {
      refuse(setting, forms, value, `unknown parameter "${key}" (allowed: ${allowed.join(', ')})`);
    }
  }
}

function intParam(
  setting: string,
  forms: string,
  value: string,
  query: Query,
  key: string,
  fallback: number,
  valid: (n: number) => boolean,
  expected: string,
): number {
  const raw = query.get(key);
  if (raw === undefined) return fallback;
  const n = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!valid(n)) refuse(setting, forms, value, `${key} must be ${expected}, not "${raw}"`);
  return n;
}

function baud(setting: string, forms: string, value: string, query: Query): number {
  return intParam(
    setting,
    forms,
    value,
    query,
    'baud',
    DEFAULT_BAUD_RATE,
    (n) => BAUD_RATES.includes(n),
    `one of ${BAUD_RATES.join(', ')}`,
  );
}

function pulse(setting: string, forms: string, value: string, query: Query): KickPulse {
  const byte = (n: number) => Number.isInteger(n) && n >= 0 && n <= 255;
  const pin = intParam(
    setting,
    forms,
    value,
    query,
    'pin',
    DEFAULT_PULSE.pin,
    (n) => n === 0 || n === 1,
    '0 or 1',
  );
  return {
    pin: pin === 1 ? 1 : 0,
    t1: intParam(setting, forms, value, query, 't1', DEFAULT_PULSE.t1, byte, '0..255'),
    t2: intParam(setting, forms, value, query, 't2', DEFAULT_PULSE.t2, byte, '0..255'),
  };
}

/** Parses POS_PRINTER. Unset or empty means `none`. */
export function parsePrinterSetting(
  raw: string | undefined,
  setting = 'POS_PRINTER',
): PrinterConfig {
  const value = (raw ?? '').trim();
  const forms = PRINTER_FORMS;
  if (value === '' || value.toLowerCase() === 'none') return { kind: 'none' };

  const tcp = /^tcp:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::([^/]*))?\/?$/i.exec(value);
  if (tcp) {
    const host = (tcp[1] ?? '').replace(/^\[|\]$/g, '');
    const portText = tcp[2];
    if (portText === undefined) return { kind: 'tcp', host, port: DEFAULT_PRINTER_PORT };
    const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) {
      refuse(setting, forms, value, `port must be 1..65535, not "${portText}"`);
    }
    return { kind: 'tcp', host, port };
  }
  if (/^serial:/i.test(value)) {
    const { path, query } = splitQuery(setting, forms, value, value.slice('serial:'.length));
    if (!isDevicePath(path)) refuse(setting, forms, value, 'the device path must be absolute');
    checkParams(setting, forms, value, query, ['baud']);
    return { kind: 'serial', path, baudRate: baud(setting, forms, value, query) };
  }
  if (/^file:/i.test(value)) {
    const path = value.slice('file:'.length);
    if (!/^\/[^\s?]+$/.test(path))
      refuse(setting, forms, value, 'the device path must be absolute');
    return { kind: 'file', path };
  }
  return refuse(setting, forms, value);
}

/** Parses POS_DRAWER. Unset or empty means `none` (the simulated drawer). */
export function parseDrawerSetting(raw: string | undefined, setting = 'POS_DRAWER'): DrawerConfig {
  const value = (raw ?? '').trim();
  const forms = DRAWER_FORMS;
  if (value === '' || value.toLowerCase() === 'none') return { kind: 'none' };

  if (/^printer(\?|$)/i.test(value)) {
    const { query } = splitQuery(setting, forms, value, value.slice('printer'.length));
    checkParams(setting, forms, value, query, ['pin', 't1', 't2', 'sensor']);
    const sensor = (query.get('sensor') ?? 'high').toLowerCase();
    if (sensor !== 'high' && sensor !== 'low') {
      refuse(setting, forms, value, `sensor must be high or low, not "${query.get('sensor')}"`);
    }
    return { kind: 'printer', ...pulse(setting, forms, value, query), sensor };
  }
  if (/^serial:/i.test(value)) {
    const { path, query } = splitQuery(setting, forms, value, value.slice('serial:'.length));
    if (!isDevicePath(path)) refuse(setting, forms, value, 'the device path must be absolute');
    checkParams(setting, forms, value, query, ['baud', 'pin', 't1', 't2']);
    return {
      kind: 'serial',
      path,
      baudRate: baud(setting, forms, value, query),
      ...pulse(setting, forms, value, query),
    };
  }
  return refuse(setting, forms, value);
}

/** The canonical URI of a printer config, for messages and the print-test answer. */
export function describePrinter(config: PrinterConfig): string {
  switch (config.kind) {
    case 'none':
      return 'none';
    case 'tcp':
      return `tcp://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
    case 'serial':
      return `serial:${config.path}?baud=${config.baudRate}`;
    case 'file':
      return `file:${config.path}`;
  }
}
