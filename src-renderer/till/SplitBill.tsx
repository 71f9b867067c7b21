import { useState } from 'react';
import type { Order } from '../../src-shared/contract/orders';
import { Dialog } from '../components/Dialog';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { useSession } from '../session';
import { evenShare, type Split } from './split';

export interface SplitChoice {
  split: Split;
  /** What to charge now. */
  amount: number;
  /** Said above the payment form, e.g. "Share 1 of 3". */
  label: string;
  /** By item: the lines this payment covers (marked paid once it goes through). */
  itemIds?: string[];
}

/**
 * Split the bill: evenly N ways (the shares shown before choosing), or by item (tick the lines
 * one guest pays; the server prices them with their tax and discount share).
 */
export function SplitBill({
  order,
  split,
  onChoose,
  onClose,
}: {
  order: Order;
  split: Split | null;
  onChoose(choice: SplitChoice): void;
  onClose(): void;
}) {
  const { client, money } = useSession();
  const [mode, setMode] = useState<'even' | 'items'>(split?.kind ?? 'even');
  const [ways, setWays] = useState(split?.kind === 'even' ? split.ways : 2);
  const paidItems = split?.kind === 'items' ? split.paidItemIds : [];
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shares = Array.from({ length: ways }, (_, i) => evenShare(order.total, ways, i));

  function chooseEven() {
    onChoose({
      split: { kind: 'even', ways, paidShares: 0 },
      amount: Math.min(order.balance, shares[0]!),
      label: `Share 1 of ${ways}`,
    });
  }

  async function chooseItems() {
    if (picked.size === 0 || busy) return;
    setBusy(true);
    setError(null);
    try {
      const itemIds = [...picked];
      // The query form (`a,b,c`), which both HTTP and IPC parse; the input type is the parsed one.
      const preview = await client.splitPreview({
        id: order.id,
        itemIds: itemIds.join(',') as unknown as string[],
      });
      const names = order.items.filter((i) => picked.has(i.id)).map((i) => i.name);
      onChoose({
        split: { kind: 'items', paidItemIds: paidItems },
        amount: Math.min(preview.amount, order.balance),
        label: `For ${names.join(', ')}`,
        itemIds,
      });
    } catch (e) {
      setError(plainError(e).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Split the bill" onClose={onClose}>
      <div className="segmented" role="group" aria-label="Split how">
        <button type="button" aria-pressed={mode === 'even'} onClick={() => setMode('even')}>
          Evenly
        </button>
        <button type="button" aria-pressed={mode === 'items'} onClick={() => setMode('items')}>
          By item
        </button>
      </div>
      {mode === 'even' ? (
        <>
          <div className="split-ways" role="group" aria-label="Number of guests">
            {[2, 3, 4, 5, 6].map((n) => (
              <button
                key={n}
                type="button"
                aria-pressed={ways === n}
                aria-label={`${n} ways`}
                onClick={() => setWays(n)}
              >
                {n}
              </button>
            ))}
          </div>
          <p className="muted" aria-label="Shares">
            {shares.map((s) => money.format(s)).join(' + ')} = {money.format(order.total)}
          </p>
          <button type="button" className="primary big" onClick={chooseEven}>
            Split {ways} ways
          </button>
        </>
      ) : (
        <>
          <ul className="split-items" aria-label="Lines to pay">
            {order.items.map((i) => {
              const paid = paidItems.includes(i.id);
              return (
                <li key={i.id}>
                  <label className="check">
                    <input
                      type="checkbox"
                      disabled={paid}
                      checked={paid || picked.has(i.id)}
                      onChange={(e) => {
                        const next = new Set(picked);
                        if (e.target.checked) next.add(i.id);
                        else next.delete(i.id);
                        setPicked(next);
                      }}
                    />
                    <span className="grow">
                      {i.quantity} × {i.name}
                      {i.modifiers.length > 0 && (
                        <span className="mods">{i.modifiers.map((m) => m.name).join(', ')}</span>
                      )}
                    </span>
                    <span>
                      {paid ? 'paid' : money.format(i.lineTotal - i.discount + i.lineTax)}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
          <ErrorNote message={error} />
          <button
            type="button"
            className="primary big"
            disabled={picked.size === 0 || busy}
            onClick={() => void chooseItems()}
          >
            Pay for these
          </button>
        </>
      )}
    </Dialog>
  );
}
