/**
 * The receipt printer and cash drawer as form fields, and back: the screen builds the setting
 * string of the shared grammar (src-shared/device-settings.ts) from the fields, the server checks
 * it, and its refusal (one message about the whole string) is put next to the field it is about.
 */
import {
  DEFAULT_BAUD_RATE,
  DEFAULT_PRINTER_PORT,
  DEFAULT_PULSE,
  parseDrawerSetting,
  parsePrinterSetting,
} from '../../src-shared/device-settings';

export const BAUD_RATES = ['1200', '2400', '4800', '9600', '19200', '38400', '57600', '115200'];

export type PrinterKind = 'none' | 'tcp' | 'serial' | 'file';
export type DrawerKind = 'none' | 'printer' | 'serial';

/** Text fields as typed: a number the server refuses must still be shown as typed. */
export interface PrinterFields {
  kind: PrinterKind;
  host: string;
  port: string;
  serialPath: string;
  baud: string;
  filePath: string;
}

export interface DrawerFields {
  kind: DrawerKind;
  path: string;
  baud: string;
  pin: string;
  t1: string;
  t2: string;
  /** Which level of the printer's drawer pin 3 means open (a drawer on the printer only). */
  sensor: 'high' | 'low';
}

export type PrinterField = keyof Omit<PrinterFields, 'kind'>;
export type DrawerField = keyof Omit<DrawerFields, 'kind'>;

const BLANK_PRINTER: PrinterFields = {
  kind: 'none',
  host: '',
  port: String(DEFAULT_PRINTER_PORT),
  serialPath: '',
  baud: String(DEFAULT_BAUD_RATE),
  filePath: '',
};

const BLANK_DRAWER: DrawerFields = {
  kind: 'none',
  path: '',
  baud: String(DEFAULT_BAUD_RATE),
  pin: String(DEFAULT_PULSE.pin),
  t1: String(DEFAULT_PULSE.t1),
  t2: String(DEFAULT_PULSE.t2),
  sensor: 'high',
};

/** The fields of a saved value; a value the grammar refuses opens as "none" (the server says why). */
export function printerFields(value: string): PrinterFields {
  try {
    const c = parsePrinterSetting(value, 'printer');
    switch (c.kind) {
      case 'none':
        return { ...BLANK_PRINTER };
      case 'tcp':
        return { ...BLANK_PRINTER, kind: 'tcp', host: c.host, port: String(c.port) };
      case 'serial':
        return { ...BLANK_PRINTER, kind: 'serial', serialPath: c.path, baud: String(c.baudRate) };
      case 'file':
        return { ...BLANK_PRINTER, kind: 'file', filePath: c.path };
    }
  } catch {
    return { ...BLANK_PRINTER };
  }
}

export function drawerFields(value: string): DrawerFields {
  try {
    const c = parseDrawerSetting(value, 'drawer');
    if (c.kind === 'none') return { ...BLANK_DRAWER };
    const pulse = { pin: String(c.pin), t1: String(c.t1), t2: String(c.t2) };
    if (c.kind === 'printer')
      return { ...BLANK_DRAWER, kind: 'printer', ...pulse, sensor: c.sensor };
    return { ...BLANK_DRAWER, kind: 'serial', path: c.path, baud: String(c.baudRate), ...pulse };
  } catch {
    return { ...BLANK_DRAWER };
  }
}

export function printerSetting(f: PrinterFields): string {
  switch (f.kind) {
    case 'none':
      return 'none';
    case 'tcp': {
      const host = f.host.trim();
      return `tcp://${host.includes(':') ? `[${host}]` : host}:${f.port.trim()}`;
    }
    case 'serial':
      return `serial:${f.serialPath.trim()}?baud=${f.baud}`;
    case 'file':
      return `file:${f.filePath.trim()}`;
  }
}

/** Only the pulse values that differ from the default travel, so a plain setup reads `printer`. */
function pulseQuery(f: DrawerFields): string[] {
  const parts: string[] = [];
  if (f.pin.trim() !== String(DEFAULT_PULSE.pin)) parts.push(`pin=${f.pin.trim()}`);
  if (f.t1.trim() !== String(DEFAULT_PULSE.t1)) parts.push(`t1=${f.t1.trim()}`);
  if (f.t2.trim() !== String(DEFAULT_PULSE.t2)) parts.push(`t2=${f.t2.trim()}`);
  return parts;
}

export function drawerSetting(f: DrawerFields): string {
  switch (f.kind) {
    case 'none':
      return 'none';
    case 'printer': {
      const q = pulseQuery(f);
      if (f.sensor === 'low') q.push('sensor=low');
      return q.length ? `printer?${q.join('&')}` : 'printer';
    }
    case 'serial':
      return `serial:${f.path.trim()}?${[`baud=${f.baud}`, ...pulseQuery(f)].join('&')}`;
  }
}

/**
 * The server's reason without the grammar's preamble and the quoted string, which the person
 * never typed as such: `expected …; port must be 1..65535, not "99999" in "tcp://…"` becomes
 * `Port must be 1..65535, not "99999".`
 */
function tidy(message: string): string {
  const at = message.startsWith('expected ') ? message.indexOf('; ') : -1;
  let why = at === -1 ? message : message.slice(at + 2);
  why = why.replace(/ in "[^"]*"$/, '');
  return `${why.charAt(0).toUpperCase()}${why.slice(1)}${/[.?]$/.test(why) ? '' : '.'}`;
}

/** Under its own field the parameter's name is said by the label: "Must be 0..255, not "300"." */
const bare = (why: string) => why.replace(/^(port|baud|pin|t1|t2) must/i, 'Must');

/**
 * Which printer field a refusal of the whole printer string is about, judged on the reason alone
 * (the quoted string names every parameter).
 */
export function printerErrorField(f: PrinterFields, message: string): [PrinterField, string] {
  const why = tidy(message);
  if (f.kind === 'tcp') {
    if (/^port must be/i.test(why)) return ['port', bare(why)];
    return ['host', 'Not an IP address or host name (such as 192.168.1.50 or printer.local).'];
  }
  if (f.kind === 'serial') {
    if (/^baud must/i.test(why)) return ['baud', bare(why)];
    return ['serialPath', why];
  }
  return ['filePath', why];
}

export function drawerErrorField(f: DrawerFields, message: string): [DrawerField, string] {
  const why = tidy(message);
  if (/^pin must/i.test(why)) return ['pin', bare(why)];
  if (/^t1 must/i.test(why)) return ['t1', bare(why)];
  if (/^t2 must/i.test(why)) return ['t2', bare(why)];
  if (/^baud must/i.test(why)) return ['baud', bare(why)];
  return [f.kind === 'serial' ? 'path' : 'pin', why];
}
