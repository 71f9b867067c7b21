/**
 * The on-screen receipt preview as an HTML string: the same fixed-width lines the printer gets,
 * one element per line, so the cashier sees exactly what will print. Every piece of text is
 * escaped (item names and notes are user input). Styling is by class name; RECEIPT_PREVIEW_CSS is
 * a default the renderer may use or replace.
 */
import { layoutReceipt } from './receipt-layout';
import type { ReceiptModel } from './receipt-model';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

export function renderHtmlPreview(model: ReceiptModel): string {
  const rows = layoutReceipt(model).map((line) => {
    const classes = ['receipt-line'];
    if (line.bold) classes.push('receipt-line--bold');
    if (line.double) classes.push('receipt-line--double');
    // A non-breaking space keeps empty lines one line tall.
    const text = line.text ? escapeHtml(line.text) : '&nbsp;';
    return `<div class="${classes.join(' ')}">${text}</div>`;
  });
  return `<div class="receipt receipt--w${model.widthChars}" style="--receipt-chars:${model.widthChars}">${rows.join('')}</div>`;
}

/** Monospace, whitespace kept, width in characters; double lines at twice the size. */
export const RECEIPT_PREVIEW_CSS = `
.receipt { font-family: 'DejaVu Sans Mono', ui-monospace, monospace; white-space: pre;
  width: calc(var(--receipt-chars) * 1ch); padding: 1em; background: #fff; color: #000; }
.receipt-line { line-height: 1.25; }
.receipt-line--bold { font-weight: bold; }
.receipt-line--double { font-size: 2em; }
`;
