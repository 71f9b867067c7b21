/**
 * Renders the receipt model to ESC/POS bytes with node-thermal-printer's buffer builder. The
 * library is only used to assemble bytes: it is created without an interface, so it cannot open a
 * connection; sending is transports.ts's job (with timeouts the library's interfaces lack).
 *
 * Code page: PC858 (ESC t 19) by default. It is CP850 (Western European, the DOS code page every
 * ESC/POS printer ships) with the euro sign at 0xD5, so "Café crème 3,50 €" prints as one byte per
 * character. WPC1252 (ESC t 16, € at 0x80) is the alternative for printers whose PC858 slot is
 * missing. Text is reduced to what the chosen page can print *before* layout (see `toCodePage`),
 * so the library never switches code pages mid-receipt and column widths stay exact.
 */
import type * as Thermal from 'node-thermal-printer';
import { loadOnUse } from '../load-on-use';
import { layoutReceipt } from './receipt-layout';
import type { ReceiptLine, ReceiptModel } from './receipt-model';

export type EscPosCodePage = 'PC858_EURO' | 'WPC1252';
export const DEFAULT_CODE_PAGE: EscPosCodePage = 'PC858_EURO';

export interface EscPosOptions {
  codePage?: EscPosCodePage;
  /** Full cut by default; some printers only have a partial cutter. */
  cut?: 'full' | 'partial';
}

const ESC = 0x1b;
const INIT = Buffer.from([ESC, 0x40]);
const NORMAL = Buffer.from([ESC, 0x21, 0x00]);
const DOUBLE = Buffer.from([ESC, 0x21, 0x30]); // double width + double height
const BOLD_ON = Buffer.from([ESC, 0x45, 0x01]);
const BOLD_OFF = Buffer.from([ESC, 0x45, 0x00]);

/** Loaded with the first receipt, not at start (issue 13). */
const thermal = () => loadOnUse('node-thermal-printer') as typeof Thermal;

/** A builder with no interface: node-thermal-printer only opens one when given a URI. */
function newBuilder(codePage: EscPosCodePage, widthChars: number): Thermal.ThermalPrinter {
  const { BreakLine, CharacterSet, PrinterTypes, ThermalPrinter } = thermal();
  return new ThermalPrinter({
    type: PrinterTypes.EPSON,
    interface: '',
    width: widthChars,
    characterSet: CharacterSet[codePage],
    breakLine: BreakLine.NONE,
    removeSpecialCharacters: false,
  });
}

// Used only as a look-up of what the code page can encode, through the same encoder as printing.
const probes = new Map<
  EscPosCodePage,
  { builder: Thermal.ThermalPrinter; cache: Map<string, boolean> }
>();

function encodable(char: string, codePage: EscPosCodePage): boolean {
  let probe = probes.get(codePage);
  if (!probe) {
    probe = { builder: newBuilder(codePage, 48), cache: new Map() };
    probes.set(codePage, probe);
  }
  const known = probe.cache.get(char);
  if (known !== undefined) return known;
  probe.builder.clear(); // leaves just ESC t n in the buffer
  probe.builder.append(char);
  const bytes = probe.builder.getBuffer();
  // Exactly ESC t n + one byte that is not the '?' of an unmappable character.
  const ok = bytes.length === 4 && bytes[3] !== 0x3f;
  probe.cache.set(char, ok);
  return ok;
}

// Typographic characters that have a plain ASCII stand-in.
const TRANSLITERATE: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': ',',
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u00d7': 'x',
  '\u2022': '*',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
  // Letters whose accent is not a combining mark, so NFKD leaves them whole.
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Œ: 'OE',
  œ: 'oe',
  ı: 'i',
};

/**
 * Reduces text to characters the code page can print: control characters become spaces (an ESC
 * in a menu item's name must never reach the printer as a command), then each other character is
 * kept, or replaced by its compatibility form (fullwidth ￥ → ¥), an ASCII stand-in, its base
 * letter without accents, or '?' — in that order.
 */
export function toCodePage(text: string, codePage: EscPosCodePage = DEFAULT_CODE_PAGE): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0x3f;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += ' ';
    else if (code < 0x7f || encodable(char, codePage)) out += char;
    else {
      const compat = char.normalize('NFKC');
      const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
      if (compat !== char && [...compat].every((c) => c < '\x7f' || encodable(c, codePage))) {
        out += compat;
      } else if (TRANSLITERATE[char] !== undefined) out += TRANSLITERATE[char];
      else if (
        base &&
        base !== char &&
        [...base].every((c) => c < '\x7f' || encodable(c, codePage))
      ) {
        out += base;
      } else out += '?';
    }
  }
  return out;
}

function sanitizeLine(line: ReceiptLine, codePage: EscPosCodePage): ReceiptLine {
  switch (line.kind) {
    case 'text':
      return { ...line, text: toCodePage(line.text, codePage) };
    case 'columns':
      return {
        ...line,
        left: toCodePage(line.left, codePage),
        right: toCodePage(line.right, codePage),
      };
    default:
      return line;
  }
}

export function renderEscPos(model: ReceiptModel, options: EscPosOptions = {}): Buffer {
  const codePage = options.codePage ?? DEFAULT_CODE_PAGE;
  const lines = layoutReceipt({
    widthChars: model.widthChars,
    lines: model.lines.map((line) => sanitizeLine(line, codePage)),
  });

  const printer = newBuilder(codePage, model.widthChars);
  // Start from a known state: ESC @ resets the printer (and its code page), so select ours after.
  printer.setBuffer(INIT);
  printer.setCharacterSet(thermal().CharacterSet[codePage]);

  let bold = false;
  let double = false;
  for (const line of lines) {
    if (line.double !== double) {
      printer.append(line.double ? DOUBLE : NORMAL);
      double = line.double;
    }
    if (line.bold !== bold) {
      printer.append(line.bold ? BOLD_ON : BOLD_OFF);
      bold = line.bold;
    }
    printer.println(line.text);
  }
  if (double) printer.append(NORMAL);
  if (bold) printer.append(BOLD_OFF);

  // Feeds the paper past the cutter, cuts, and resets (ESC d 4 ×2, GS V n, ESC @).
  if (options.cut === 'partial') printer.partialCut();
  else printer.cut();
  return Buffer.from(printer.getBuffer());
}
