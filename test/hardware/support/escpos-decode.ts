/**
 * A tiny ESC/POS reader for tests: it knows the commands our renderer emits and decodes text
 * bytes through an independent table of the PC858 code page (IBM's published chart), so a test
 * fails if the renderer picked the wrong code page or the wrong bytes.
 */

/** The PC858 bytes of the non-ASCII characters the sample receipts use. */
export const PC858: Record<string, number> = {
  é: 0x82,
  è: 0x8a,
  à: 0x85,
  ô: 0x93,
  '×': 0x9e,
  '€': 0xd5,
};

const FROM_PC858 = new Map(Object.entries(PC858).map(([char, byte]) => [byte, char]));

/** Encodes test expectations in PC858; throws on a character the table doesn't know. */
export function pc858(text: string): Buffer {
  return Buffer.from(
    [...text].map((char) => {
      const code = char.charCodeAt(0);
      if (code < 0x80) return code;
      const byte = PC858[char];
      if (byte === undefined) throw new Error(`no PC858 byte in the test table for ${char}`);
      return byte;
    }),
  );
}

export interface DecodedEscPos {
  text: string;
  /** Every command seen, as hex, in order (e.g. "1b40", "1b7413", "1d5600"). */
  commands: string[];
  /** Bytes that were neither a known command, ASCII nor in the PC858 table. */
  unknown: number[];
}

/** Argument counts of the ESC and GS commands the renderer may emit. */
const ESC_ARGS: Record<number, number> = {
  0x40: 0,
  0x74: 1,
  0x21: 1,
  0x45: 1,
  0x64: 1,
  0x61: 1,
  0x70: 3,
};
const GS_ARGS: Record<number, number> = { 0x56: 1 };

export function decodeEscPos(bytes: Buffer): DecodedEscPos {
  let text = '';
  const commands: string[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte === 0x1b || byte === 0x1d) {
      const op = bytes[i + 1] ?? -1;
      const args = (byte === 0x1b ? ESC_ARGS : GS_ARGS)[op];
      if (args === undefined) {
        unknown.push(byte);
        continue;
      }
      commands.push(bytes.subarray(i, i + 2 + args).toString('hex'));
      i += 1 + args;
    } else if (byte === 0x0a || (byte >= 0x20 && byte < 0x7f)) {
      text += String.fromCharCode(byte);
    } else {
      const char = FROM_PC858.get(byte);
      if (char === undefined) unknown.push(byte);
      else text += char;
    }
  }
  return { text, commands, unknown };
}
