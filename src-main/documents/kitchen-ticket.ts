/**
 * The kitchen ticket layout (API §12): what one station has to make for one order. It is a
 * ReceiptModel, so the ESC/POS renderer prints it like a receipt, but it carries no prices: the
 * order number big enough to read across a kitchen, the time it was sent, then each line with
 * its quantity first, its modifiers and its note. Pure: same input, same lines.
 */
import {
  formatLocalTime,
  type ReceiptLine,
  type ReceiptModel,
  type ReceiptWidth,
} from './receipt-model';

export interface KitchenTicketLine {
  name: string;
  quantity: number;
  note: string | null;
  /** Modifier names as chosen ("Oat milk", "Extra shot"), in order. */
  modifiers: string[];
}

export interface KitchenTicketInput {
  stationName: string;
  orderNumber: number;
  /** When the order went to the kitchen (ISO 8601 UTC), shown in the shop's zone. */
  sentAt: string;
  timeZone: string;
  orderNote: string | null;
  lines: KitchenTicketLine[];
}

const text = (
  t: string,
  opts: Partial<Extract<ReceiptLine, { kind: 'text' }>> = {},
): ReceiptLine => ({ kind: 'text', text: t, align: 'left', ...opts });

export function buildKitchenTicket(
  input: KitchenTicketInput,
  widthChars: ReceiptWidth,
): ReceiptModel {
  const lines: ReceiptLine[] = [
    text(input.stationName.toUpperCase(), { align: 'center', bold: true }),
    text(`#${input.orderNumber}`, { align: 'center', bold: true, double: true }),
    text(formatLocalTime(input.sentAt, input.timeZone), { align: 'center' }),
    { kind: 'separator', char: '=' },
  ];
  for (const line of input.lines) {
    lines.push(text(`${line.quantity} x ${line.name}`, { bold: true }));
    for (const m of line.modifiers) lines.push(text(`+ ${m}`, { indent: 4 }));
    if (line.note) lines.push(text(`NOTE: ${line.note}`, { indent: 4 }));
  }
  if (input.orderNote) {
    lines.push({ kind: 'separator', char: '-' });
    lines.push(text(`ORDER NOTE: ${input.orderNote}`, { bold: true }));
  }
  lines.push({ kind: 'blank' });
  return { widthChars, lines };
}
