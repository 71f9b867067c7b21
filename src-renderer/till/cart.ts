import type { MenuItem } from '../../src-shared/contract/menu';
import { priceLine, unitPriceWithModifiers } from '../../src-shared/money';

/** A modifier option chosen in the picker, as the menu had it (the server prices it again). */
export interface ChosenModifier {
  id: string;
  name: string;
  priceDelta: number;
}

export interface CartLine {
  /** One line per tap group; the same item with a different note or modifiers is another line. */
  key: string;
  item: MenuItem;
  quantity: number;
  note: string;
  modifiers: ChosenModifier[];
}

/** What one of this line costs before tax: the item's price plus its modifiers'. */
export function unitPrice(l: Pick<CartLine, 'item' | 'modifiers'>): number {
  return unitPriceWithModifiers(l.item.price, l.modifiers);
}

const sameModifiers = (a: ChosenModifier[], b: ChosenModifier[]) =>
  a.length === b.length && a.every((m) => b.some((n) => n.id === m.id));

export interface CartEstimate {
  subtotal: number;
  tax: number;
  total: number;
}

/**
 * A preview while the cart is built. The server computes the real totals when the order is
 * created (and its numbers are the ones shown from then on), so this only has to be close —
 * it follows the same rule (per-line tax, rounded half up) so the two agree in practice.
 */
export function estimate(lines: CartLine[]): CartEstimate {
  let subtotal = 0;
  let tax = 0;
  for (const l of lines) {
    const priced = priceLine({
      unitPrice: unitPrice(l),
      quantity: l.quantity,
      taxRateBps: l.item.taxRateBps,
    });
    subtotal += priced.lineTotal;
    tax += priced.lineTax;
  }
  return { subtotal, tax, total: subtotal + tax };
}

/**
 * Adds one of `item` with these modifiers: to the note-less line of that item with the same
 * modifiers, or as a new line.
 */
export function addItem(
  lines: CartLine[],
  item: MenuItem,
  key: string,
  modifiers: ChosenModifier[] = [],
): CartLine[] {
  const i = lines.findIndex(
    (l) => l.item.id === item.id && l.note === '' && sameModifiers(l.modifiers, modifiers),
  );
  if (i >= 0) {
    return lines.map((l, j) => (j === i ? { ...l, quantity: Math.min(999, l.quantity + 1) } : l));
  }
  return [...lines, { key, item, quantity: 1, note: '', modifiers }];
}

export function setQuantity(lines: CartLine[], key: string, quantity: number): CartLine[] {
  if (quantity <= 0) return lines.filter((l) => l.key !== key);
  return lines.map((l) => (l.key === key ? { ...l, quantity: Math.min(999, quantity) } : l));
}

export function setNote(lines: CartLine[], key: string, note: string): CartLine[] {
  return lines.map((l) => (l.key === key ? { ...l, note: note.slice(0, 200) } : l));
}

/**
 * Amounts a customer is likely to hand over for `due`: the next whole unit and the next
 * multiples of common notes, in the currency's major units.
 */
export function quickTenders(due: number, unit: number): number[] {
  const out = new Set<number>();
  for (const step of [1, 5, 10, 20, 50, 100]) {
    const s = step * unit;
    const up = Math.ceil(due / s) * s;
    if (up > due) out.add(up);
  }
  return [...out].sort((a, b) => a - b).slice(0, 3);
}
