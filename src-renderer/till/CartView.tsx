import { useState } from 'react';
import { useSession } from '../session';
import { setNote, setQuantity, unitPrice, type CartLine } from './cart';

/** The lines being rung up: quantity steppers and a note per line. */
export function CartView({
  lines,
  onChange,
}: {
  lines: CartLine[];
  onChange(lines: CartLine[]): void;
}) {
  const { money } = useSession();
  const [noteOpen, setNoteOpen] = useState<string | null>(null);
  if (lines.length === 0) return <p className="muted empty">Tap items to add them.</p>;
  return (
    <ul className="cart" aria-label="Cart">
      {lines.map((l) => (
        <li key={l.key}>
          <div className="cart-line">
            <span className="name">
              {l.item.name}
              {l.modifiers.length > 0 && (
                <span className="mods" aria-label={`Options for ${l.item.name}`}>
                  {l.modifiers.map((m) => m.name).join(', ')}
                </span>
              )}
            </span>
            <span className="stepper">
              <button
                type="button"
                aria-label={`One less ${l.item.name}`}
                onClick={() => onChange(setQuantity(lines, l.key, l.quantity - 1))}
              >
                −
              </button>
              <output aria-label={`Quantity of ${l.item.name}`}>{l.quantity}</output>
              <button
                type="button"
                aria-label={`One more ${l.item.name}`}
                onClick={() => onChange(setQuantity(lines, l.key, l.quantity + 1))}
              >
                +
              </button>
            </span>
            <span className="amount">{money.format(unitPrice(l) * l.quantity)}</span>
          </div>
          {noteOpen === l.key || l.note ? (
            <label className="note">
              <span className="sr-only">Note for {l.item.name}</span>
              <input
                value={l.note}
                placeholder="e.g. oat milk, no sugar"
                maxLength={200}
                autoFocus={noteOpen === l.key}
                onChange={(e) => onChange(setNote(lines, l.key, e.target.value))}
              />
            </label>
          ) : (
            <button
              type="button"
              className="link"
              aria-label={`Add a note to ${l.item.name}`}
              onClick={() => setNoteOpen(l.key)}
            >
              + note
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
