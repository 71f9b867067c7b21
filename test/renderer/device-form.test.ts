/**
 * The printer and drawer fields of the Hardware screen and the setting strings they stand for:
 * every string the fields build is one the shared grammar reads back to the same fields, and a
 * refusal of the whole string lands on the field it is about.
 */
import { describe, expect, it } from 'vitest';
import { checkDrawerValue, checkPrinterValue } from '../../src-main/core/terminal/settings';
import {
  drawerErrorField,
  drawerFields,
  drawerSetting,
  printerErrorField,
  printerFields,
  printerSetting,
} from '../../src-renderer/hardware/device-form';
import { PosError } from '../../src-shared/errors';

/** The 422 message the server sends for `value` (the field's issue), as the screen receives it. */
function refusal(check: (v: string) => unknown, value: string): string {
  try {
    check(value);
  } catch (e) {
    if (e instanceof PosError) {
      const issues = (e.details as { issues: { message: string }[] }).issues;
      return issues[0]!.message;
    }
    throw e;
  }
  throw new Error(`${value} was accepted`);
}

describe('printer fields', () => {
  it.each([
    'none',
    'tcp://192.168.1.50:9100',
    'tcp://[fe80::1]:9100',
    'serial:/dev/ttyUSB0?baud=19200',
    'file:/dev/usb/lp0',
  ])('%s reads into fields and builds back the same', (value) => {
    expect(printerSetting(printerFields(value))).toBe(value);
  });

  it('a value without a port gets the default one', () => {
    expect(printerFields('tcp://printer.local')).toMatchObject({
      host: 'printer.local',
      port: '9100',
    });
  });

  it('places the server refusal on the port, the host, the baud rate or the path', () => {
    const tcp = { ...printerFields('tcp://10.0.0.2:9100') };
    const badPort = { ...tcp, port: '99999' };
    expect(printerErrorField(badPort, refusal(checkPrinterValue, printerSetting(badPort)))).toEqual(
      ['port', 'Must be 1..65535, not "99999".'],
    );
    const badHost = { ...tcp, host: 'the back printer' };
    expect(printerErrorField(badHost, refusal(checkPrinterValue, printerSetting(badHost)))[0]).toBe(
      'host',
    );
    const file = { ...printerFields('file:/dev/usb/lp0'), filePath: '/nonexistent/lp0' };
    expect(printerErrorField(file, refusal(checkPrinterValue, printerSetting(file)))).toEqual([
      'filePath',
      '/nonexistent/lp0: there is no such device; is the printer plugged in?',
    ]);
    const serial = { ...printerFields('serial:/dev/ttyS0'), serialPath: 'ttyS0' };
    expect(printerErrorField(serial, refusal(checkPrinterValue, printerSetting(serial)))).toEqual([
      'serialPath',
      'The device path must be absolute.',
    ]);
  });
});

describe('drawer fields', () => {
  it('keeps the sensor polarity: the default is left out, low travels', () => {
    expect(drawerFields('printer').sensor).toBe('high');
    expect(drawerFields('printer?sensor=low').sensor).toBe('low');
    expect(drawerSetting(drawerFields('printer?pin=1&sensor=low'))).toBe(
      'printer?pin=1&sensor=low',
    );
    expect(drawerSetting({ ...drawerFields('printer'), sensor: 'high' })).toBe('printer');
  });

  it('a default pulse is left out; a changed one travels', () => {
    expect(drawerSetting(drawerFields('printer'))).toBe('printer');
    const f = { ...drawerFields('printer'), pin: '1', t2: '100' };
    expect(drawerSetting(f)).toBe('printer?pin=1&t2=100');
    expect(drawerFields('printer?pin=1&t2=100')).toMatchObject({
      kind: 'printer',
      pin: '1',
      t2: '100',
    });
    expect(drawerSetting(drawerFields('serial:/dev/ttyS0?baud=19200&t1=30'))).toBe(
      'serial:/dev/ttyS0?baud=19200&t1=30',
    );
  });

  it('places the refusal on the pulse field or the baud rate it is about', () => {
    const serial = { ...drawerFields('serial:/dev/ttyS0'), baud: '1234' };
    expect(drawerErrorField(serial, refusal(checkDrawerValue, drawerSetting(serial)))[0]).toBe(
      'baud',
    );
    const f = { ...drawerFields('printer'), t1: '300' };
    expect(drawerErrorField(f, refusal(checkDrawerValue, drawerSetting(f)))).toEqual([
      't1',
      'Must be 0..255, not "300".',
    ]);
  });

  it('a value the grammar refuses opens as no drawer', () => {
    expect(drawerFields('lpt1').kind).toBe('none');
  });
});
