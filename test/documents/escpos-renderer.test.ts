import { describe, expect, it } from 'vitest';
import { renderEscPos, toCodePage } from '../../src-main/documents/escpos-renderer';
import { buildReceipt } from '../../src-main/documents/receipt-model';
import { buildTestReceipt, sampleReceiptInput } from '../../src-main/documents/test-receipt';
import { decodeEscPos, pc858 } from '../hardware/support/escpos-decode';
import { golden } from '../hardware/support/golden';

// A fixed clock: createdAt is the only time that reaches the receipt.
const NOW = new Date('2026-11-25T10:15:00.000Z');

describe.each([
  [58, 32],
  [80, 48],
] as const)('ESC/POS on %i mm paper', (mm, width) => {
  const bytes = renderEscPos(buildTestReceipt(undefined, width, NOW));

  it('matches the golden bytes', () => {
    expect(bytes.equals(golden(`receipt-${mm}mm.escpos.bin`, bytes))).toBe(true);
  });

  it('starts from a reset in code page PC858 and ends with feed, cut and reset', () => {
    expect(bytes.subarray(0, 5).toString('hex')).toBe('1b401b7413');
    expect(bytes.subarray(-11).toString('hex')).toBe('1b64041b64041d56001b40');
    const { commands } = decodeEscPos(bytes);
    // One code page for the whole receipt: no switching mid-way.
    expect(commands.filter((c) => c.startsWith('1b74'))).toEqual(['1b7413']);
  });

  it('carries the order, the totals and accented names as single PC858 bytes', () => {
    expect(bytes.includes(pc858('Café crème'))).toBe(true);
    expect(bytes.includes(Buffer.from('Caf\x82 cr\x8ame', 'latin1'))).toBe(true);
    expect(bytes.includes(Buffer.from('15,08 \xd5', 'latin1'))).toBe(true);
    expect(bytes.includes(Buffer.from('Café', 'utf8'))).toBe(false);

    const { text, unknown } = decodeEscPos(bytes);
    expect(unknown).toEqual([]);
    const lines = text.split('\n');
    expect(lines).toContain(`Order #42${' '.repeat(width - 25)}2026-11-25 11:15`);
    expect(lines).toContain(`2 × Café crème${' '.repeat(width - 20)}7,00 €`);
    expect(lines).toContain(`TOTAL${' '.repeat(width - 12)}15,08 €`);
    expect(lines).toContain(`  Change${' '.repeat(width - 14)}4,92 €`);
    expect(text).toContain('Merci et à bientôt !');
    // ’ has no PC858 byte: it prints as an apostrophe rather than switching code pages.
    expect(text).toContain("1 × Jus d'orange pressé");
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
  });

  it('prints the shop name double size and the total in bold', () => {
    // Right after reset and code page: double size on, bold on, then the centred name.
    expect(bytes.subarray(5, 11).toString('hex')).toBe('1b21301b4501');
    expect(decodeEscPos(bytes).text.split('\n')[0]?.trim()).toBe('Countertop Café');
    const total = bytes.indexOf(Buffer.from('TOTAL'));
    expect(bytes.subarray(total - 3, total).toString('hex')).toBe('1b4501');
  });
});

describe('code pages', () => {
  it('encodes € and accents in WPC1252 when chosen', () => {
    const model = buildTestReceipt(undefined, 48, NOW);
    const bytes = renderEscPos(model, { codePage: 'WPC1252', cut: 'partial' });
    expect(bytes.subarray(0, 5).toString('hex')).toBe('1b401b7410');
    expect(bytes.includes(Buffer.from('Caf\xe9 cr\xe8me', 'latin1'))).toBe(true);
    expect(bytes.includes(Buffer.from('15,08 \x80', 'latin1'))).toBe(true);
    expect(bytes.subarray(-5).toString('hex')).toBe('1d56011b40');
  });

  it('reduces what the code page cannot print instead of switching pages', () => {
    expect(toCodePage('Café “Zoë” – ½ …')).toBe('Café "Zoë" - ½ ...');
    expect(toCodePage('Ｃａｆé ￥500')).toBe('Café ¥500');
    expect(toCodePage('Łódź 抹茶')).toBe('Lódz ??');
  });

  it('never lets control characters in user text reach the printer', () => {
    const input = sampleReceiptInput(undefined, NOW);
    const evil = {
      ...input,
      order: {
        ...input.order,
        items: [{ ...input.order.items[0]!, name: 'Latte\x1b@\x1dV\x00\x1bp\x00\x19\xfa' }],
      },
    };
    const bytes = renderEscPos(buildReceipt(evil, { widthChars: 48 }));
    const { commands } = decodeEscPos(bytes);
    expect(commands.filter((c) => c === '1b40')).toHaveLength(2); // start and after the cut
    expect(
      commands.some((c) => c.startsWith('1b70') || (c.startsWith('1d56') && c !== '1d5600')),
    ).toBe(false);
    expect(bytes.includes(Buffer.from([0x1b, 0x40, 0x1d]))).toBe(false);
  });
});
