/** The kitchen ticket layout: pure, no prices, quantities first, modifiers and notes under a line. */
import { describe, expect, it } from 'vitest';
import { buildKitchenTicket } from '../../src-main/documents/kitchen-ticket';
import { renderEscPos } from '../../src-main/documents/escpos-renderer';
import { decodeEscPos } from '../hardware/support/escpos-decode';

describe('buildKitchenTicket', () => {
  const input = {
    stationName: 'Bar',
    orderNumber: 42,
    sentAt: '2026-07-01T08:05:00.000Z',
    timeZone: 'Europe/Paris',
    orderNote: null,
    lines: [
      { name: 'Latte', quantity: 2, note: 'extra hot', modifiers: ['Large', 'Oat milk'] },
      { name: 'Espresso', quantity: 1, note: null, modifiers: [] },
    ],
  };

  it('puts the order number big, the local time, then each line with its modifiers and note', () => {
    const model = buildKitchenTicket(input, 32);
    expect(model.widthChars).toBe(32);
    expect(model.lines.slice(0, 3)).toEqual([
      { kind: 'text', text: 'BAR', align: 'center', bold: true },
      { kind: 'text', text: '#42', align: 'center', bold: true, double: true },
      { kind: 'text', text: '2026-07-01 10:05', align: 'center' },
    ]);
    const text = decodeEscPos(renderEscPos(model, { cut: 'full' })).text;
    const lines = text.split('\n').map((l) => l.trimEnd());
    const at = lines.indexOf('2 x Latte');
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at, at + 5)).toEqual([
      '2 x Latte',
      '    + Large',
      '    + Oat milk',
      '    NOTE: extra hot',
      '1 x Espresso',
    ]);
    expect(buildKitchenTicket(input, 32)).toEqual(model); // pure
  });

  it('adds the order note at the end when there is one', () => {
    const model = buildKitchenTicket({ ...input, orderNote: 'table 4' }, 48);
    expect(model.lines.at(-2)).toEqual({
      kind: 'text',
      text: 'ORDER NOTE: table 4',
      align: 'left',
      bold: true,
    });
  });
});
