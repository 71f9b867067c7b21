import { describe, expect, it } from 'vitest';
import {
  HardwareConfigError,
  describePrinter,
  hardwareConfigFromEnv,
  parseDrawerSetting,
  parsePrinterSetting,
} from '../../src-main/hardware/config';

describe('POS_PRINTER', () => {
  it.each([
    [undefined, { kind: 'none' }],
    ['', { kind: 'none' }],
    ['none', { kind: 'none' }],
    [' NONE ', { kind: 'none' }],
    ['tcp://192.168.1.50:9100', { kind: 'tcp', host: '192.168.1.50', port: 9100 }],
    ['tcp://printer.local:9101/', { kind: 'tcp', host: 'printer.local', port: 9101 }],
    ['tcp://printer.local', { kind: 'tcp', host: 'printer.local', port: 9100 }],
    ['tcp://[fe80::1]:9100', { kind: 'tcp', host: 'fe80::1', port: 9100 }],
    ['serial:/dev/ttyUSB0', { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 }],
    ['serial:/dev/ttyUSB0?baud=115200', { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 }],
    ['serial:COM3?baud=19200', { kind: 'serial', path: 'COM3', baudRate: 19200 }],
    ['file:/dev/usb/lp0', { kind: 'file', path: '/dev/usb/lp0' }],
  ])('parses %j', (value, expected) => {
    expect(parsePrinterSetting(value)).toEqual(expected);
  });

  it.each([
    ['tcp://:x', 'got "tcp://:x"'],
    ['tcp://host:0', 'port must be 1..65535, not "0"'],
    ['tcp://host:65536', 'port must be 1..65535'],
    ['tcp://host:', 'port must be 1..65535, not ""'],
    ['tcp://host:91oo', 'not "91oo"'],
    ['http://host:9100', 'got "http://host:9100"'],
    ['serial:', 'the device path must be absolute'],
    ['serial:ttyUSB0', 'the device path must be absolute'],
    ['serial:/dev/ttyUSB0?baud=9601', 'baud must be one of'],
    ['serial:/dev/ttyUSB0?baudrate=9600', 'unknown parameter "baudrate"'],
    ['serial:/dev/ttyUSB0?baud', 'bad parameter "baud"'],
    ['file:usb/lp0', 'the device path must be absolute'],
    ['/dev/usb/lp0', 'got "/dev/usb/lp0"'],
    ['lpt1', 'got "lpt1"'],
  ])('refuses %j, naming the setting', (value, why) => {
    let error: unknown;
    try {
      parsePrinterSetting(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HardwareConfigError);
    const message = (error as HardwareConfigError).message;
    expect(message).toMatch(
      /^POS_PRINTER: expected none, tcp:\/\/host:port, serial:\/dev\/\.\.\. or file:\/dev\/\.\.\.; /,
    );
    expect(message).toContain(why);
    expect((error as HardwareConfigError).code).toBe('validation_error');
    expect((error as HardwareConfigError).details).toEqual({ setting: 'POS_PRINTER', value });
  });

  it('gives the exact message of the contract example', () => {
    expect(() => parsePrinterSetting('tcp://:x')).toThrow(
      'POS_PRINTER: expected none, tcp://host:port, serial:/dev/... or file:/dev/...; got "tcp://:x"',
    );
  });

  it('describes each printer canonically', () => {
    expect(describePrinter(parsePrinterSetting('tcp://10.0.0.9:9100'))).toBe('tcp://10.0.0.9:9100');
    expect(describePrinter(parsePrinterSetting('tcp://[::1]:9100'))).toBe('tcp://[::1]:9100');
    expect(describePrinter(parsePrinterSetting('serial:/dev/ttyS1'))).toBe(
      'serial:/dev/ttyS1?baud=9600',
    );
    expect(describePrinter(parsePrinterSetting('file:/dev/usb/lp0'))).toBe('file:/dev/usb/lp0');
    expect(describePrinter(parsePrinterSetting('none'))).toBe('none');
  });
});

describe('POS_DRAWER', () => {
  it.each([
    [undefined, { kind: 'none' }],
    ['none', { kind: 'none' }],
    ['printer', { kind: 'printer', pin: 0, t1: 25, t2: 250, sensor: 'high' }],
    ['printer?pin=1', { kind: 'printer', pin: 1, t1: 25, t2: 250, sensor: 'high' }],
    ['printer?sensor=low', { kind: 'printer', pin: 0, t1: 25, t2: 250, sensor: 'low' }],
    [
      'serial:/dev/ttyS0',
      { kind: 'serial', path: '/dev/ttyS0', baudRate: 9600, pin: 0, t1: 25, t2: 250 },
    ],
    [
      'serial:/dev/ttyS0?baud=19200&pin=1&t1=50&t2=100',
      { kind: 'serial', path: '/dev/ttyS0', baudRate: 19200, pin: 1, t1: 50, t2: 100 },
    ],
    [
      'serial:/dev/ttyS0?pin=0&t1=0&t2=255',
      { kind: 'serial', path: '/dev/ttyS0', baudRate: 9600, pin: 0, t1: 0, t2: 255 },
    ],
  ])('parses %j', (value, expected) => {
    expect(parseDrawerSetting(value)).toEqual(expected);
  });

  it.each([
    ['serial:/dev/ttyS0?pin=2', 'pin must be 0 or 1, not "2"'],
    ['serial:/dev/ttyS0?t1=256', 't1 must be 0..255, not "256"'],
    ['serial:/dev/ttyS0?t2=-1', 't2 must be 0..255, not "-1"'],
    ['serial:/dev/ttyS0?t1=0x19', 't1 must be 0..255, not "0x19"'],
    ['serial:/dev/ttyS0?pin=0&pin=1', 'repeated parameter "pin"'],
    ['serial:/dev/ttyS0?color=red', 'unknown parameter "color"'],
    ['printer?baud=9600', 'unknown parameter "baud"'],
    ['printer?sensor=open', 'sensor must be high or low, not "open"'],
    ['serial:/dev/ttyS0?sensor=low', 'unknown parameter "sensor"'],
    ['serial:dev/ttyS0', 'the device path must be absolute'],
    ['printers', 'got "printers"'],
    ['tcp://10.0.0.9:9100', 'got "tcp://10.0.0.9:9100"'],
  ])('refuses %j, naming the setting', (value, why) => {
    expect(() => parseDrawerSetting(value)).toThrow(
      /^POS_DRAWER: expected none, serial:\/dev\/\.\.\.\[\?baud=9600&pin=0&t1=25&t2=250\] or printer\[\?pin=0&t1=25&t2=250&sensor=high\]; /,
    );
    expect(() => parseDrawerSetting(value)).toThrow(why);
  });
});

describe('hardwareConfigFromEnv', () => {
  it('lets the environment override stored settings', () => {
    expect(
      hardwareConfigFromEnv(
        { POS_PRINTER: 'tcp://127.0.0.1:9100' },
        { printer: 'file:/dev/usb/lp0', drawer: 'printer' },
      ),
    ).toEqual({
      printer: { kind: 'tcp', host: '127.0.0.1', port: 9100 },
      drawer: { kind: 'printer', pin: 0, t1: 25, t2: 250, sensor: 'high' },
    });
    expect(hardwareConfigFromEnv({})).toEqual({
      printer: { kind: 'none' },
      drawer: { kind: 'none' },
    });
  });
});
