import { useEffect, useState } from 'react';
import type { InventoryItem } from '../../src-shared/contract/inventory';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { useSession } from '../session';

/** Stock on hand, low items first and flagged; what needs ordering is the first thing seen. */
export function Inventory() {
  const { client } = useSession();
  const [items, setItems] = useState<InventoryItem[]>([]);
  const [low, setLow] = useState<InventoryItem[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([client.listInventoryItems({}), client.listLowStock({})]).then(
      ([all, lowRes]) => {
        setItems(all.items);
        setLow(lowRes.items);
      },
      (e: unknown) => setError(plainError(e).message),
    );
  }, [client]);

  return (
    <div className="inventory">
      <ErrorNote message={error} />
      <section className="card" aria-label="Low stock">
        <h2>Low stock</h2>
        {low.length === 0 ? (
          <p className="muted">Nothing is running low.</p>
        ) : (
          <ul className="low-list">
            {low.map((i) => (
              <li key={i.id} className={i.negative ? 'negative' : ''}>
                <strong>{i.name}</strong> — {i.onHand} {i.unit} left (alert at {i.lowStockThreshold}{' '}
                {i.unit})
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-label="All stock">
        <h2>All stock</h2>
        <table className="table">
          <thead>
            <tr>
              <th>Item</th>
              <th className="num">On hand</th>
              <th className="num">Alert at</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <td>{i.name}</td>
                <td className="num">
                  {i.onHand} {i.unit}
                </td>
                <td className="num">{i.lowStockThreshold}</td>
                <td>
                  {i.negative ? (
                    <span className="badge s-cancelled">Negative</span>
                  ) : i.lowStock ? (
                    <span className="badge s-in_progress">Low</span>
                  ) : (
                    <span className="badge s-completed">OK</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
