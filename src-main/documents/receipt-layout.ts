/**
 * Turns the layout model into fixed-width text lines. All three renderers draw these same lines
 * (ESC/POS as text, PDF and HTML in a monospace font), so alignment, wrapping and column padding
 * are decided once, here, and the preview matches the paper character for character.
 *
 * Widths count Unicode code points; receipt text is Latin script in practice (the printer's code
 * page could not print double-width CJK glyphs as text anyway).
 */
import type { ReceiptLine, ReceiptModel } from './receipt-model';

export interface LaidOutLine {
  /** Already padded for alignment; no trailing spaces. */
  text: string;
  bold: boolean;
  /** Double width and height: the line holds half as many characters. */
  double: boolean;
}

function length(text: string): number {
  return [...text].length;
}

/** Word wrap to `width` code points, hard-splitting words that are longer than a line. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (length(rest) > width) {
      if (current) {
        out.push(current);
        current = '';
      }
      const chars = [...rest];
      out.push(chars.slice(0, width).join(''));
      rest = chars.slice(width).join('');
    }
    if (!rest) continue;
    if (!current) current = rest;
    else if (length(current) + 1 + length(rest) <= width) current += ` ${rest}`;
    else {
      out.push(current);
      current = rest;
    }
  }
  if (current || out.length === 0) out.push(current);
  return out;
}

function place(text: string, width: number, align: 'left' | 'center' | 'right'): string {
  const free = Math.max(0, width - length(text));
  if (align === 'right') return ' '.repeat(free) + text;
  if (align === 'center') return ' '.repeat(Math.floor(free / 2)) + text;
  return text;
}

function layoutLine(line: ReceiptLine, widthChars: number): LaidOutLine[] {
  switch (line.kind) {
    case 'blank':
      return [{ text: '', bold: false, double: false }];
    case 'separator':
      return [{ text: line.char.repeat(widthChars), bold: false, double: false }];
    case 'text': {
      const double = line.double ?? false;
      const width = double ? Math.floor(widthChars / 2) : widthChars;
      const indent = Math.min(line.indent ?? 0, Math.floor(width / 2));
      return wrap(line.text, width - indent).map((part) => ({
        text: ' '.repeat(indent) + place(part, width - indent, line.align),
        bold: line.bold ?? false,
        double,
      }));
    }
    case 'columns': {
      // The amount stays on the first line at the right edge; a long label wraps beneath it,
      // indented by `hang` so "2 × " stands out from the continuation.
      const indent = line.indent ?? 0;
      const right = line.right;
      const leftWidth = Math.max(1, widthChars - indent - length(right) - 1);
      const hang = Math.min(line.hang ?? 0, Math.floor(leftWidth / 2));
      const [first = '', ...rest] = wrap(line.left, leftWidth);
      const continuation = rest.length ? wrap(rest.join(' '), leftWidth - hang) : [];
      const bold = line.bold ?? false;
      const pad = ' '.repeat(indent);
      const head = pad + first;
      const gap = Math.max(1, widthChars - length(head) - length(right));
      return [
        { text: head + ' '.repeat(gap) + right, bold, double: false },
        ...continuation.map((part) => ({
          text: pad + ' '.repeat(hang) + part,
          bold,
          double: false,
        })),
      ];
    }
  }
}

export function layoutReceipt(model: ReceiptModel): LaidOutLine[] {
  return model.lines.flatMap((line) => layoutLine(line, model.widthChars));
}
