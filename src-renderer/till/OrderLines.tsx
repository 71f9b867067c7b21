import type { Order } from '../../src-shared/contract/orders';
import { useSession } from '../session';

/** An order's lines as the server priced them: options under the name, discounts beside. */
export function OrderLines({ order }: { order: Order }) {
  const { money } = useSession();
  return (
    <ul className="lines">
      {order.items.map((i) => (
        <li key={i.id}>
          <span>
            {i.quantity} × {i.name}
            {i.modifiers.length > 0 && (
              <span className="mods">{i.modifiers.map((m) => m.name).join(', ')}</span>
            )}
            {i.note && <em className="line-note"> — {i.note}</em>}
          </span>
          <span className="line-amount">
            {money.format(i.lineTotal)}
            {i.discount > 0 && <span className="line-discount">−{money.format(i.discount)}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
